package dev.tokenguard.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The defaults each {@link Preset} gives a {@code carrier.<id>.*} block, from the carriers' public
 * documentation (see CARRIERS.md). Every key of the block overrides its default.
 */
public final class Presets {

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
            case GENERIC -> GENERIC;
        };
    }
}
