package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.http.ClientRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** How the application talks to each carrier: its token request and the API call users make. */
public enum CarrierApi {

    /** Credentials in the form body; the user's call is a rate quote. */
    FEDEX("fedex", new Credentials("demo-client", "demo-secret", null)) {
        @Override
        ClientRequest tokenRequest(String baseUrl, Credentials credentials) {
            String form = "grant_type=client_credentials"
                    + "&client_id=" + formEncode(credentials.clientId())
                    + "&client_secret=" + formEncode(credentials.clientSecret());
            return ClientRequest.post(baseUrl + "/oauth/token", FORM, Map.of(), form);
        }

        @Override
        ClientRequest apiRequest(String baseUrl, String accessToken) {
            return ClientRequest.post(baseUrl + "/rate/v1/rates/quotes", JSON,
                    Map.of("Authorization", "Bearer " + accessToken, "X-locale", "en_US"),
                    FEDEX_RATE_QUOTE);
        }
    },

    /** HTTP Basic and {@code x-merchant-id} on the token request; the user's call is a rate. */
    UPS("ups", new Credentials("demo-ups-client", "demo-ups-secret", "123456")) {
        @Override
        ClientRequest tokenRequest(String baseUrl, Credentials credentials) {
            String basic = Base64.getEncoder().encodeToString(
                    (credentials.clientId() + ":" + credentials.clientSecret()).getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new HashMap<>();
            headers.put("Authorization", "Basic " + basic);
            if (credentials.merchantId() != null) {
                headers.put("x-merchant-id", credentials.merchantId());
            }
            return ClientRequest.post(baseUrl + "/security/v1/oauth/token", FORM, headers, "grant_type=client_credentials");
        }

        @Override
        ClientRequest apiRequest(String baseUrl, String accessToken) {
            return ClientRequest.post(baseUrl + "/api/rating/v2409/Rate", JSON,
                    Map.of("Authorization", "Bearer " + accessToken,
                            "transId", UUID.randomUUID().toString().substring(0, 32),
                            "transactionSrc", "tokenguard-demo"),
                    UPS_RATE);
        }
    };

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private static final String FEDEX_RATE_QUOTE = """
            {"accountNumber":{"value":"740561073"},"requestedShipment":{\
            "shipper":{"address":{"postalCode":"65247","countryCode":"US"}},\
            "recipient":{"address":{"postalCode":"75063","countryCode":"US"}},\
            "pickupType":"DROPOFF_AT_FEDEX_LOCATION","rateRequestType":["ACCOUNT"],\
            "requestedPackageLineItems":[{"weight":{"units":"LB","value":10}}]}}""";

    private static final String UPS_RATE = """
            {"RateRequest":{"Request":{"TransactionReference":{"CustomerContext":"demo"}},\
            "Shipment":{"Shipper":{"Address":{"PostalCode":"21093","CountryCode":"US"}},\
            "ShipTo":{"Address":{"PostalCode":"30005","CountryCode":"US"}},\
            "Service":{"Code":"03"},\
            "Package":{"PackagingType":{"Code":"02"},"PackageWeight":{"UnitOfMeasurement":{"Code":"LBS"},"Weight":"10"}}}}}""";

    private final String flagName;
    private final Credentials demoCredentials;

    CarrierApi(String flagName, Credentials demoCredentials) {
        this.flagName = flagName;
        this.demoCredentials = demoCredentials;
    }

    abstract ClientRequest tokenRequest(String baseUrl, Credentials credentials);

    abstract ClientRequest apiRequest(String baseUrl, String accessToken);

    public String flagName() {
        return flagName;
    }

    /** The credentials the carrier simulator accepts out of the box. */
    public Credentials demoCredentials() {
        return demoCredentials;
    }

    public static Optional<CarrierApi> byFlagName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.flagName.equals(wanted)).findFirst();
    }

    public static String flagNames() {
        return Arrays.stream(values()).map(CarrierApi::flagName).collect(Collectors.joining("|"));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
