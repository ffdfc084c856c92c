package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.CredentialSlot;
import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.broker.TokenBroker;
import dev.tokenguard.core.config.ApiHost;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.events.CarrierStats;
import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.events.WouldBe;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.killswitch.KillSwitchState;
import dev.tokenguard.core.policy.CarrierPolicies;
import dev.tokenguard.core.policy.PolicyRefusal;
import dev.tokenguard.core.time.TimeSource;
import java.net.URI;
import java.util.Locale;

/** Everything agent-core holds for one configured carrier. */
final class CarrierRuntime implements CarrierControl {
    /** Replaced by a reload ({@link #reconfigure}); the fields below follow from what a reload never changes. */
    private volatile CarrierConfig config;
    private final EventLog events;
    private final KillSwitch killSwitch;
    private final TokenBroker broker;
    private final TimeSource time;
    private final String tokenHost;
    private final int tokenPort;
    private final String tokenPath;
    /** The token URL is plain HTTP and its host and port are no {@code api-hosts} entry. */
    private final boolean tokenOriginWithoutBearers;
    private final CarrierPolicies policies;
    private final ApiRequests api;
    private final TokenEndpoint tokenEndpoint;
    private final Observation observation;

    CarrierRuntime(CarrierConfig config, EventLog events, KillSwitch killSwitch, TokenBroker broker, TimeSource time,
                   CarrierPolicies policies) {
        this.config = config;
        this.policies = policies;
        this.events = events;
        this.killSwitch = killSwitch;
        this.broker = broker;
        this.time = time;
        URI tokenUrl = config.tokenUrl();
        this.tokenHost = tokenUrl.getHost().toLowerCase(Locale.ROOT);
        this.tokenPort = DefaultPorts.effective(tokenUrl);
        this.tokenPath = path(tokenUrl);
        this.tokenOriginWithoutBearers = !"https".equalsIgnoreCase(tokenUrl.getScheme())
                && config.apiHosts().stream().map(ApiHost::of).noneMatch(new ApiHost(tokenHost, tokenPort)::equals);
        this.api = new ApiRequests(this);
        this.tokenEndpoint = new TokenEndpoint(this);
        this.observation = new Observation(this);
    }

    /**
     * Puts reloaded settings in force, the carrier's identity (hosts, token URL, credentials) being
     * the same: for the kill-switch, the broker and the policies' pauses. {@code attach} and
     * {@code refusal-status} are read from {@link #config()} at each request.
     */
    void reconfigure(CarrierConfig next) {
        config = next;
        killSwitch.reconfigure(next);
        broker.reconfigure(next);
        policies.defaultRetryAfter(next.defaultRetryAfter());
    }

    /** A POST to the token URL (its query aside): the application's own renewal. */
    boolean isTokenRequest(OutboundRequest request) {
        URI uri = request.uri();
        return "POST".equalsIgnoreCase(request.method())
                && DefaultPorts.effective(uri) == tokenPort
                && tokenHost.equalsIgnoreCase(uri.getHost())
                && tokenPath.equals(path(uri));
    }

    /**
     * Whether an API request to this URI may carry the carrier's bearer (attached, or upgraded to the
     * current one). Not at a plain-HTTP token URL's host and port unless {@code api-hosts} names them:
     * the token URL says where tokens come from, not that the host serves the API in clear text, and a
     * bearer sent there could be read on the wire. The kill-switch still applies to such requests.
     */
    boolean bearersAllowed(URI uri) {
        return !tokenOriginWithoutBearers
                || DefaultPorts.effective(uri) != tokenPort
                || !tokenHost.equalsIgnoreCase(uri.getHost());
    }

    private static String path(URI uri) {
        String p = uri.getRawPath();
        if (p == null || p.isEmpty()) {
            return "/";
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** A synthetic refusal, counted as {@code kind}. */
    Decision refusal(RefusalReason kind, String reason, long retryAfterNanos) {
        events.refused(kind, reason);
        return new Decision.Answer(Responses.refusal(config, reason, retryAfterNanos));
    }

    /** A refusal by a throttling policy, a block or a carrier's pause, in the carrier's own error shape. */
    Decision policyRefusal(PolicyRefusal refusal) {
        RefusalReason kind = switch (refusal.kind()) {
            case LIMIT -> RefusalReason.POLICY_LIMIT;
            case BLOCK -> RefusalReason.POLICY_BLOCK;
            case PAUSE -> RefusalReason.CARRIER_PAUSE;
            case INTERRUPTED -> RefusalReason.OTHER;
        };
        events.refused(kind, refusal.field());
        return new Decision.Answer(Responses.policyRefusal(config, refusal));
    }

    CarrierConfig config() {
        return config;
    }

    EventLog events() {
        return events;
    }

    KillSwitch killSwitch() {
        return killSwitch;
    }

    TokenBroker broker() {
        return broker;
    }

    TimeSource time() {
        return time;
    }

    CarrierPolicies policies() {
        return policies;
    }

    ApiRequests api() {
        return api;
    }

    TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    Observation observation() {
        return observation;
    }

    @Override
    public WouldBe wouldBe() {
        return events.wouldBe();
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public CarrierStats stats() {
        return events.stats();
    }

    @Override
    public KillSwitchState killSwitchState() {
        return killSwitch.state();
    }

    @Override
    public void tripKillSwitch(String reason) {
        killSwitch.tripByHand(reason);
    }

    @Override
    public void resetKillSwitch() {
        killSwitch.reset();
    }

    @Override
    public int invalidateTokens() {
        int dropped = 0;
        for (CredentialSlot slot : broker.slots()) {
            Token token = slot.current();
            if (token != null && slot.invalidate(token, true)) {
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public int credentials() {
        return broker.slots().size();
    }

    @Override
    public String currentTokenFingerprint() {
        Token token = attachToken();
        return token == null ? null : token.fingerprint();
    }

    @Override
    public long currentTokenExpiresInSeconds() {
        Token token = attachToken();
        return token == null ? -1 : token.secondsLeft(time.nanoTime());
    }

    private Token attachToken() {
        CredentialSlot slot = broker.attachSlot();
        Token token = slot == null ? null : slot.current();
        return token == null || !token.isUsable(time.nanoTime()) ? null : token;
    }

    @Override
    public String toString() {
        return "CarrierRuntime[" + config + "]";
    }
}
