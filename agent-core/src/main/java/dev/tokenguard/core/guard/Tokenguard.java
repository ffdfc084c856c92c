package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.policy.BlockControl;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.policy.PolicyEngine;
import dev.tokenguard.core.store.ClusterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * agent-core's {@link RequestGuard}: classifies each outbound request (not a carrier's, a carrier's
 * token request, a carrier's API request) and hands it to the carrier's token endpoint or API
 * handling. Build one with {@link #create} or {@link #builder}; {@link #close()} stops its renewal
 * threads and its connection to a cluster store.
 *
 * <p>It never throws at an adapter: an unexpected exception is logged once with its cause, then an
 * API request passes untouched and a token request is refused. That holds for the throttling
 * policies too ({@link PolicyEngine}): a fault in them lets the API request pass.
 *
 * <p>As {@link PolicyAdmin} it is what JMX and the command line list, block and reload through.
 */
public final class Tokenguard implements RequestGuard, PolicyAdmin, AutoCloseable {
    private final List<CarrierRuntime> carriers;
    /** One per quota group, for a reload of {@code token-rate}. */
    private final Map<String, TokenCallLimiter> limiters;
    private final PolicyEngine policies;
    /** The configuration in force: what a reload compares carrier settings with. */
    private volatile TokenguardConfig config;
    private final CarrierDirectory<CarrierRuntime> directory;
    private final ExecutorService ownedExecutor;
    private final ClusterStore ownedStore;
    private final Logger log;
    private final AtomicBoolean faultLogged = new AtomicBoolean();
    /** Read once per request: volatile, so a switch from JMX applies to the next call of every thread. */
    private volatile GuardMode mode;

    Tokenguard(TokenguardConfig config, List<CarrierRuntime> carriers, Map<String, TokenCallLimiter> limiters,
               PolicyEngine policies, ExecutorService ownedExecutor, ClusterStore ownedStore, Logger log) {
        this.config = config;
        this.carriers = List.copyOf(carriers);
        this.limiters = Map.copyOf(limiters);
        this.policies = policies;
        this.directory = new CarrierDirectory<>(this.carriers, CarrierRuntime::config);
        this.ownedExecutor = ownedExecutor;
        this.ownedStore = ownedStore;
        this.log = log;
        this.mode = config.mode();
        policies.observe(mode == GuardMode.OBSERVE);
        if (mode == GuardMode.OBSERVE) {
            log.info("tokenguard: mode observe (tokenguard.mode): carrier calls go as the application makes them;"
                    + " what enforce would do is counted");
        }
    }

    /** A guard with the defaults: the JDK's HTTP client, the system clock, two renewal threads. */
    public static Tokenguard create(TokenguardConfig config) {
        return builder(config).build();
    }

    public static TokenguardBuilder builder(TokenguardConfig config) {
        return new TokenguardBuilder(config);
    }

    /** The carriers, in configuration order, for JMX. */
    public List<CarrierControl> carriers() {
        return List.copyOf(carriers);
    }

    public Optional<CarrierControl> carrier(String id) {
        return carriers.stream().filter(c -> c.id().equals(id)).map(CarrierControl.class::cast).findFirst();
    }

    @Override
    public GuardMode mode() {
        return mode;
    }

    @Override
    public synchronized boolean switchMode(GuardMode next, String origin) {
        GuardMode was = mode;
        if (was == next) {
            return false;
        }
        // The policies first: a call decided in enforce from here on must not find them in shadow.
        policies.observe(next == GuardMode.OBSERVE);
        mode = next;
        log.warn("tokenguard: mode {} -> {} ({}): {}", was.word(), next.word(), origin, next == GuardMode.OBSERVE
                ? "carrier calls go as the application makes them; what enforce would do is counted"
                : "tokens are cached, renewals limited, bans and policies enforced from the next call");
        return true;
    }

    @Override
    public List<PolicyControl> policies() {
        return policies.policies();
    }

    @Override
    public BlockControl blocks() {
        return policies.blocks();
    }

    /**
     * Puts the new configuration in force: its policies ({@link PolicyEngine#reload}) and each
     * carrier's {@link CarrierConfig#RELOADABLE reloadable} settings, {@code token-rate} included
     * (the quota group's limiter keeps the permits already taken). The other carrier settings, added
     * or removed carriers, {@code tokenguard.store} and {@code tokenguard.metrics.*} take a restart: a
     * line names each, never a value.
     */
    @Override
    public synchronized List<String> reload(TokenguardConfig next) {
        List<String> lines = new ArrayList<>(policies.reload(next.policies()));
        // Only a changed line switches: a mode set over JMX survives a reload of an unchanged file.
        if (next.mode() != config.mode() && switchMode(next.mode(), "a reload")) {
            lines.add("tokenguard.mode: " + next.mode().word());
        }
        Map<String, CarrierConfig> before = new LinkedHashMap<>();
        config.carriers().forEach(c -> before.put(c.id(), c));
        Map<String, List<RateBand>> bandsBefore = QuotaGroups.bands(inForce());
        for (CarrierConfig c : next.carriers()) {
            CarrierConfig was = before.remove(c.id());
            if (was == null) {
                lines.add("carrier " + c.id() + " added: takes effect after a restart");
            } else if (!was.equals(c)) {
                reconfigure(runtime(c.id()), was, c, lines);
            }
        }
        before.keySet().forEach(id -> lines.add("carrier " + id + " removed: takes effect after a restart"));
        QuotaGroups.bands(inForce()).forEach((group, bands) -> {
            if (!bands.equals(bandsBefore.get(group))) {
                limiters.get(group).reconfigure(bands);
            }
        });
        if (!config.store().equals(next.store())) {
            lines.add("tokenguard.store changed: takes effect after a restart");
        }
        if (!Objects.equals(config.metrics(), next.metrics())) {
            lines.add("tokenguard.metrics changed: takes effect after a restart");
        }
        config = next;
        return lines;
    }

    /**
     * Applies what can change at run time. A carrier that starts without {@code token-rate} bands has
     * an unlimited limiter, and one with bands cannot drop its limiter: both keep theirs until a restart.
     */
    private static void reconfigure(CarrierRuntime runtime, CarrierConfig was, CarrierConfig now, List<String> lines) {
        List<String> live = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (String key : was.changedKeys(now)) {
            boolean limiterKept = key.equals("token-rate") && was.tokenRate().isEmpty() != now.tokenRate().isEmpty();
            (CarrierConfig.RELOADABLE.contains(key) && !limiterKept ? live : restart).add(key);
        }
        if (!live.isEmpty()) {
            runtime.reconfigure(runtime.config().withReloaded(now, live));
            lines.add("carrier " + now.id() + ": " + String.join(", ", live) + " changed: in force now");
        }
        if (!restart.isEmpty()) {
            lines.add("carrier " + now.id() + ": " + String.join(", ", restart) + " changed: take effect after a restart");
        }
    }

    private List<CarrierConfig> inForce() {
        List<CarrierConfig> configs = new ArrayList<>();
        for (CarrierRuntime carrier : carriers) {
            configs.add(carrier.config());
        }
        return configs;
    }

    private CarrierRuntime runtime(String id) {
        for (CarrierRuntime carrier : carriers) {
            if (carrier.id().equals(id)) {
                return carrier;
            }
        }
        throw new IllegalStateException("no carrier " + id);
    }

    @Override
    public boolean isCarrierHost(String host, int port) {
        return directory.find(host, port) != null;
    }

    @Override
    public Decision decide(OutboundRequest request) {
        return decide(request, true);
    }

    /**
     * Where {@link #decide} would wait for a renewal, a {@link Decision.Later} at once: the renewal
     * runs on the broker's executor (or is the one in flight), and the stage completes with what
     * {@code decide} would decide when it ends. A fresh token's request is decided here and now.
     */
    @Override
    public Decision decideWithoutBlocking(OutboundRequest request) {
        return decide(request, false);
    }

    private Decision decide(OutboundRequest request, boolean mayBlock) {
        CarrierRuntime carrier;
        boolean tokenRequest;
        try {
            carrier = directory.find(request.uri().getHost(), DefaultPorts.effective(request.uri()));
            if (carrier == null) {
                return Decision.PASS;
            }
            tokenRequest = carrier.isTokenRequest(request);
        } catch (RuntimeException e) {
            fault(e);
            return Decision.PASS;
        }
        if (mode == GuardMode.OBSERVE) {
            try {
                return tokenRequest ? carrier.observation().tokenRequest(request) : carrier.observation().apiRequest(request);
            } catch (RuntimeException e) {
                // Observing must never change a call: a fault lets it go as it is.
                carrier.events().internalError("an observed request", e);
                return Decision.PASS;
            }
        }
        try {
            Decision decision = tokenRequest ? carrier.tokenEndpoint().answer(request, mayBlock)
                    : carrier.api().decide(request, mayBlock);
            if (decision instanceof Decision.Later later) {
                return new Decision.Later(later.decision().handle((decided, e) -> e == null && decided != null
                        ? decided : failed(carrier, tokenRequest, e)));
            }
            return decision;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
            return failed(carrier, tokenRequest, e);
        }
    }

    /** What an internal error comes to: a token request refused, an API request passed untouched. */
    private static Decision failed(CarrierRuntime carrier, boolean tokenRequest, Throwable e) {
        carrier.events().internalError(tokenRequest ? "a token request" : "an API request", e);
        return tokenRequest
                ? carrier.refusal(RefusalReason.INTERNAL_ERROR, "internal error in tokenguard; see its log", 0)
                : Decision.PASS;
    }

    @Override
    public AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, Replays replays) {
        return onResponse(exchange, status, responseHeaders, null, replays);
    }

    @Override
    public AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, String errorBody,
            Replays replays) {
        if (exchange instanceof ObservedExchange observed) {
            try {
                observed.carrier().observation().onResponse(observed, status, responseHeaders, errorBody);
            } catch (RuntimeException e) {
                observed.carrier().events().internalError("an observed response", e);
            }
            return AfterResponse.DONE;
        }
        if (!(exchange instanceof GuardExchange guarded)) {
            return AfterResponse.DONE;
        }
        try {
            return guarded.carrier().api().onResponse(guarded, status, responseHeaders, errorBody, replays);
        } catch (RuntimeException e) {
            guarded.carrier().events().internalError("a response", e);
            return AfterResponse.DONE;
        }
    }

    @Override
    public void onRetried429(Exchange exchange, HttpHeaders responseHeaders, String errorBody) {
        if (!(exchange instanceof GuardExchange guarded)) {
            return;
        }
        try {
            guarded.carrier().api().onRetried429(guarded, responseHeaders, errorBody);
        } catch (RuntimeException e) {
            guarded.carrier().events().internalError("a response", e);
        }
    }

    @Override
    public void onFailure(Exchange exchange, Throwable error) {
        if (exchange instanceof ObservedExchange observed) {
            try {
                observed.carrier().observation().onFailure(observed);
            } catch (RuntimeException e) {
                observed.carrier().events().internalError("an observed failed request", e);
            }
        } else if (exchange instanceof GuardExchange guarded) {
            try {
                guarded.carrier().api().onFailure(guarded);
            } catch (RuntimeException e) {
                guarded.carrier().events().internalError("a failed request", e);
            }
        }
    }

    /**
     * Writes the last log summaries, stops the renewal threads this guard started and closes the
     * store it opened. A renewal lease this instance holds is left to expire: a renewal thread cut
     * short cannot tell the cluster more than its lease's expiry does.
     */
    @Override
    public void close() {
        try {
            carriers.forEach(c -> c.events().flushSummary());
        } finally {
            policies.close();
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
            if (ownedStore != null) {
                ownedStore.close();
            }
        }
    }

    private void fault(RuntimeException e) {
        if (faultLogged.compareAndSet(false, true)) {
            log.error("tokenguard: internal error while classifying a request; it passed untouched", e);
        } else if (log.isDebugEnabled()) {
            log.debug("tokenguard: internal error while classifying a request", e);
        }
    }
}
