package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.store.ClusterStore;
import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.policy.BlockControl;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.policy.PolicyEngine;
import java.lang.reflect.RecordComponent;
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

    Tokenguard(TokenguardConfig config, List<CarrierRuntime> carriers, PolicyEngine policies,
               ExecutorService ownedExecutor, ClusterStore ownedStore, Logger log) {
        this.config = config;
        this.carriers = List.copyOf(carriers);
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
     * Puts the new configuration's policies in force ({@link PolicyEngine#reload}). Carrier settings
     * ({@code token-rate}, {@code token-wait}, hosts, credentials, ...) and {@code tokenguard.store} are
     * not changed at run time: a line names each carrier whose settings changed, and that they take
     * effect after a restart.
     */
    @Override
    public synchronized List<String> reload(TokenguardConfig next) {
        List<String> lines = new ArrayList<>(policies.reload(next.policies()));
        TokenguardConfig current = config;
        // Only a changed line switches: a mode set over JMX survives a reload of an unchanged file.
        if (next.mode() != current.mode() && switchMode(next.mode(), "a reload")) {
            lines.add("tokenguard.mode: " + next.mode().word());
        }
        Map<String, CarrierConfig> before = new LinkedHashMap<>();
        current.carriers().forEach(c -> before.put(c.id(), c));
        for (CarrierConfig c : next.carriers()) {
            CarrierConfig was = before.remove(c.id());
            if (was == null) {
                lines.add("carrier " + c.id() + " added: takes effect after a restart");
            } else if (!was.equals(c)) {
                lines.add("carrier " + c.id() + ": " + String.join(", ", changedSettings(was, c))
                        + " changed: take effect after a restart");
            }
        }
        before.keySet().forEach(id -> lines.add("carrier " + id + " removed: takes effect after a restart"));
        if (!current.store().equals(next.store())) {
            lines.add("tokenguard.store changed: takes effect after a restart");
        }
        config = next;
        return lines;
    }

    /** The names of the settings that differ, never their values (a secret may be among them). */
    private static List<String> changedSettings(CarrierConfig was, CarrierConfig now) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : CarrierConfig.class.getRecordComponents()) {
            try {
                if (!Objects.equals(component.getAccessor().invoke(was), component.getAccessor().invoke(now))) {
                    names.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                names.add(component.getName());
            }
        }
        return names;
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
        if (exchange instanceof ObservedExchange observed) {
            try {
                observed.carrier().observation().onResponse(observed, status, responseHeaders);
            } catch (RuntimeException e) {
                observed.carrier().events().internalError("an observed response", e);
            }
            return AfterResponse.DONE;
        }
        if (!(exchange instanceof GuardExchange guarded)) {
            return AfterResponse.DONE;
        }
        try {
            return guarded.carrier().api().onResponse(guarded, status, responseHeaders, replays);
        } catch (RuntimeException e) {
            guarded.carrier().events().internalError("a response", e);
            return AfterResponse.DONE;
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
