package dev.tokenguard.core.config;

import dev.tokenguard.core.config.PolicyConfig.Per;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The defaults each {@link Preset} gives a {@code carrier.<id>.*} block, and the API policies it
 * brings, from the carriers' public documentation (see CARRIERS.md). Every key of the block overrides
 * its default.
 *
 * <p>A preset's policy is named {@code <id>-api} and is an ordinary policy: a
 * {@code policy.<id>-api.*} block replaces the keys it names and keeps the others (so
 * {@code policy.fedex-api.requests=1000/10s} lowers FedEx's quota, {@code policy.fedex-api.mode=shadow}
 * only counts it) and {@code policy.<id>-api.enabled=false} switches it off. The policies:
 * <ul>
 * <li>fedex: {@code requests=1400/10s}, {@code per=credential}: FedEx's 1,400 transactions per 10 s per
 *     project (API key). FedEx counts in fixed windows; the policy holds in ANY 10 s interval, so
 *     every fixed window holds too. Daily quotas differ per organisation and capability: none is
 *     assumed.
 * <li>usps: {@code requests=60/1h}, {@code per=path:1}: 60 calls an hour per API product, each product
 *     the first path segment ({@code /addresses/v3/...}, {@code /prices/v3/...}).
 * <li>ups, generic: none. UPS publishes no numbers for its API limits.
 * </ul>
 * Both keep the default {@code max-wait} (2 s).
 */
public final class Presets {

    /** A preset's policy is named after its carrier with this suffix, {@code fedex-api}. */
    private static final String API_POLICY_SUFFIX = "-api";

    /**
     * A preset's defaults, one per carrier key. {@code tokenUrl} is null and {@code apiHosts} empty
     * where the preset knows no host; the block must then give them. The quota group has no entry:
     * it defaults to the token URL's host, whatever the preset.
     */
    public record Defaults(
            URI tokenUrl,
            Set<String> apiHosts,
            ClientAuth clientAuth,
            Attach attach,
            Duration refreshAhead,
            Duration minInterval,
            List<RateBand> tokenRate,
            Duration tokenWait,
            Duration tokenTimeout,
            int banStatus,
            Duration banDuration,
            boolean killSwitchOnAtStart,
            int refusalStatus,
            Duration defaultRetryAfter) {
    }

    /*
     * FedEx bans an IP address for 10 minutes (403 to everything) when its token calls, counted over
     * all hosts behind that address, run at 3 a second for 5 seconds or at 1 a second for 2 minutes.
     * 1/1s,30/2m lets one instance make at most 1 call a second (a third of the burst threshold) and
     * 30 calls in 2 minutes (0.25 a second, a quarter of the average threshold). Two instances behind
     * one address stay at 2 a second and 60 in 2 minutes, still well under both; at three the burst
     * threshold is reached, so larger fleets need a lower rate or the shared store. A FedEx token
     * lives an hour, so a healthy instance needs about one call an hour: the limit never binds
     * unless something is wrong.
     */
    private static final List<RateBand> FEDEX_RATE = List.of(
            new RateBand(1, Duration.ofSeconds(1)), new RateBand(30, Duration.ofMinutes(2)));

    /*
     * UPS publishes no numbers for its token endpoint. Its tokens live four hours, so a healthy
     * instance needs a handful of calls a day; FedEx's conservative limit costs nothing and keeps
     * every carrier's limit the same unless configured otherwise.
     */
    private static final List<RateBand> UPS_RATE = FEDEX_RATE;

    /*
     * How long one token call may take. Both carriers answer in well under a second when healthy;
     * 10 s lets a cold start (DNS, TLS, a carrier's slow first answer) finish rather than fail, and
     * callers wait for that call's outcome as long, since a second call would not be faster.
     */
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    /*
     * USPS's OAuth product, its token endpoint, has the default quota of every USPS API product: 60
     * calls an hour. A band n/P admits at most 2n calls in any window of length P (a full bucket, then
     * the refill; see RateBands), so 10/1h keeps one instance to 20 token calls in any hour and two
     * instances (tokenguard.cluster.expected-instances' default) to 40, a third of the quota left for
     * whatever else calls it. A USPS token lives 8 hours: a healthy instance needs about one call in
     * 8 hours. 1/1s spaces calls as for the other carriers.
     */
    private static final List<RateBand> USPS_RATE = List.of(
            new RateBand(1, Duration.ofSeconds(1)), new RateBand(10, Duration.ofHours(1)));

    /* An unknown carrier gets the most conservative limit we know of. */
    private static final List<RateBand> GENERIC_RATE = FEDEX_RATE;

    private static final Defaults FEDEX = new Defaults(
            URI.create("https://apis.fedex.com/oauth/token"),
            Set.of("apis.fedex.com"),
            ClientAuth.FORM,
            Attach.MISSING,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            FEDEX_RATE,
            Duration.ofSeconds(2),
            TOKEN_TIMEOUT,
            403,
            Duration.ofMinutes(10), // FedEx's documented ban; probing during it extends it
            false,
            503,
            Duration.ofSeconds(60));

    /*
     * UPS answers 403 "Blocked Merchant" when it blocks an account, which is the ban; its 429 "Quota
     * Limit Exceeded" is not a ban but throttling, which the broker handles on its own, honouring
     * Retry-After or else waiting retry-after-default. UPS documents no ban length: FedEx's 10
     * minutes is the cautious guess.
     */
    private static final Defaults UPS = new Defaults(
            URI.create("https://onlinetools.ups.com/security/v1/oauth/token"),
            Set.of("onlinetools.ups.com"),
            ClientAuth.BASIC,
            Attach.MISSING,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            UPS_RATE,
            Duration.ofSeconds(2),
            TOKEN_TIMEOUT,
            403,
            Duration.ofMinutes(10),
            false,
            503,
            Duration.ofSeconds(60));

    /* USPS takes client_id and client_secret in the form body, as FedEx does, and answers 429 with Retry-After. */
    private static final Defaults USPS = new Defaults(
            URI.create("https://apis.usps.com/oauth2/v3/token"),
            Set.of("apis.usps.com"),
            ClientAuth.FORM,
            Attach.MISSING,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            USPS_RATE,
            Duration.ofSeconds(2),
            TOKEN_TIMEOUT,
            403,
            Duration.ofMinutes(10),
            false,
            503,
            Duration.ofSeconds(60));

    private static final Defaults GENERIC = new Defaults(
            null,
            Set.of(),
            ClientAuth.FORM,
            Attach.MISSING,
            Duration.ofMinutes(5),
            Duration.ofSeconds(1),
            GENERIC_RATE,
            Duration.ofSeconds(2),
            TOKEN_TIMEOUT,
            403,
            Duration.ofMinutes(10),
            false,
            503,
            Duration.ofSeconds(60));

    private Presets() {
    }

    /** The defaults of the given preset. */
    public static Defaults of(Preset preset) {
        return switch (preset) {
            case FEDEX -> FEDEX;
            case UPS -> UPS;
            case USPS -> USPS;
            case GENERIC -> GENERIC;
        };
    }

    /** The policies the preset of carrier {@code carrierId} brings, before the file's blocks change them. */
    public static List<PolicyConfig> policies(String carrierId, Preset preset) {
        return switch (preset) {
            case FEDEX -> List.of(apiPolicy(carrierId, Per.CREDENTIAL, new RateBand(1400, Duration.ofSeconds(10))));
            case USPS -> List.of(apiPolicy(carrierId, new Per.PathPrefix(1), new RateBand(60, Duration.ofHours(1))));
            case UPS, GENERIC -> List.of();
        };
    }

    private static PolicyConfig apiPolicy(String carrierId, Per per, RateBand requests) {
        return new PolicyConfig(carrierId + API_POLICY_SUFFIX, carrierId, PolicyConfig.Conditions.ANY, per,
                List.of(requests), null, 0, PolicyConfig.DEFAULT_MAX_WAIT, PolicyConfig.Mode.ENFORCE,
                PolicyConfig.Action.LIMIT, true, PolicyConfig.DEFAULT_SCOPE, PolicyConfig.DEFAULT_SYNC,
                PolicyConfig.Origin.PRESET, 0);
    }
}
