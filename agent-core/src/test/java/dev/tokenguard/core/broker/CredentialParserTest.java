package dev.tokenguard.core.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokenguard.core.config.ClientAuth;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialParserTest {
    private static final HttpHeaders FORM = HttpHeaders.builder().add("Content-Type", "application/x-www-form-urlencoded").build();

    private static Credential parse(URI url, HttpHeaders headers, String body) {
        CredentialParser.Parsed p = CredentialParser.parse(url, headers, body.getBytes(StandardCharsets.UTF_8));
        return p == null ? null : p.credential();
    }

    private static Credential form(String body) {
        return parse(TestCarriers.FEDEX_TOKEN_URL, FORM, body);
    }

    @Test
    void theOrderOfFormFieldsAndTheirEncodingDoNotMatter() {
        assertEquals(form("grant_type=client_credentials&client_id=a%20b&client_secret=s"),
                form("client_secret=s&client_id=a+b&grant_type=client_credentials"));
    }

    @Test
    void theSameIdAndSecretAreOneCredentialInTheFormOrInBasic() {
        var ups = Requests.upsToken("id", "secret", null);
        assertEquals(parse(ups.uri(), ups.headers(), "grant_type=client_credentials"),
                parse(ups.uri(), FORM, "grant_type=client_credentials&client_id=id&client_secret=secret"));
    }

    @Test
    void aConfiguredCredentialEqualsTheApplicationsOwn() {
        var configured = ConfiguredCredentials.of(TestCarriers.fedex().credentials("id", "secret")
                .extraTokenParams(Map.of("child_Key", "ck")).build()).credential();
        assertEquals(form("grant_type=client_credentials&client_id=id&client_secret=secret&child_Key=ck"), configured);
        var basic = ConfiguredCredentials.of(TestCarriers.fedex().credentials("id", "secret").clientAuth(ClientAuth.BASIC)
                .extraTokenParams(Map.of("child_Key", "ck")).build()).credential();
        assertEquals(configured, basic);
    }

    @Test
    void theGrantTypeTheUrlAndItsQueryArePartOfTheCredential() {
        Credential base = form("grant_type=client_credentials&client_id=id&client_secret=s");
        assertNotEquals(base, form("grant_type=csp_credentials&client_id=id&client_secret=s"));
        assertNotEquals(base, parse(URI.create("https://apis-sandbox.fedex.com/oauth/token"), FORM,
                "grant_type=client_credentials&client_id=id&client_secret=s"));
        assertNotEquals(base, parse(URI.create("https://apis.fedex.com/oauth/token?tenant=2"), FORM,
                "grant_type=client_credentials&client_id=id&client_secret=s"));
        assertEquals(base, parse(URI.create("https://APIS.fedex.com:443/oauth/token"), FORM,
                "grant_type=client_credentials&client_id=id&client_secret=s"));
    }

    @Test
    void aRequestNamingNoClientIdHasNoCredential() {
        assertNull(form("grant_type=client_credentials"));
        assertNull(parse(TestCarriers.FEDEX_TOKEN_URL, HttpHeaders.builder().add("Authorization", "Basic !!!").build(), ""));
        assertNull(parse(TestCarriers.FEDEX_TOKEN_URL, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                "{\"client_id\":\"id\"}"));
    }

    @Test
    void aRequestCarryingASingleUseValueHasNoCredential() {
        assertNull(form("grant_type=refresh_token&client_id=id&client_secret=s&refresh_token=rt-1"));
        assertNull(form("grant_type=authorization_code&client_id=id&client_secret=s&code=c-1&code_verifier=v"));
        assertNull(form("grant_type=client_credentials&client_id=id"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                + "&client_assertion=eyJhbGciOiJSUzI1NiJ9.e30.sig"));
    }

    @Test
    void aUsersPasswordGrantHasNoCredential() {
        assertNull(form("grant_type=password&client_id=id&client_secret=s&username=u&password=p"));
    }

    @Test
    void aCredentialShowsNoSecretAndKeepsOnlyWhatARenewalSends() {
        var p = CredentialParser.parse(TestCarriers.FEDEX_TOKEN_URL,
                FORM.toBuilder().add("Cookie", "session=1").add("x-merchant-id", "123456").build(),
                "client_id=id&client_secret=hunter2".getBytes(StandardCharsets.UTF_8));
        assertFalse(p.credential().toString().contains("hunter2"));
        assertFalse(p.request().toString().contains("hunter2"));
        assertEquals(java.util.List.of("Content-Type", "x-merchant-id"), p.request().headers().names());
    }
}
