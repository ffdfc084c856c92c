package dev.tokenguard.core.guard;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.DefaultPorts;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.policy.BlockControl;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A {@link RequestGuard} whose {@link Tokenguard} is built when first needed: by the first carrier
 * request, or by whoever asks for the {@link #carriers()} (the JMX registration, a second after
 * start). Until then it tells carrier hosts from the configuration alone, by the same rules as the
 * built guard, so that an application that never calls a carrier loads neither the broker, the
 * limiter's Bucket4j, nor a store.
 *
 * <p>Never unguarded: a carrier request that arrives while the guard is being built waits for it.
 * A build that fails is logged once at ERROR and not tried again; from then on every carrier
 * request is refused (the carrier's refusal status and {@code X-Tokenguard}), other traffic passes.
 *
 * <p>It is also the {@link PolicyAdmin} of run-time control (JMX, the command line, the file watcher),
 * delegating to the built guard the way {@link #carriers()} does: asking builds it.
 */
public final class LazyTokenguard implements RequestGuard, PolicyAdmin, AutoCloseable {
    static final String NOT_STARTED = "tokenguard could not start; see its log";

    private final CarrierDirectory<CarrierConfig> directory;
    private final Supplier<Tokenguard> build;
    private final Supplier<Logger> log;
    /** A lock, not a monitor: a virtual thread waiting for the build would pin its carrier thread. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Written under the lock, read without it: volatile, so a reader sees the guard fully built. */
    private volatile Tokenguard guard;
    /** Under the lock. */
    private boolean failed;
    private boolean closed;

    /**
     * @param build makes the guard; called at most once, under a lock
     * @param log   where a failed build is reported; looked up only then
     */
    public LazyTokenguard(TokenguardConfig config, Supplier<Tokenguard> build, Supplier<Logger> log) {
        this.directory = new CarrierDirectory<>(config.carriers(), carrier -> carrier);
        this.build = Objects.requireNonNull(build, "build");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public boolean isCarrierHost(String host, int port) {
        return directory.find(host, port) != null;
    }

    @Override
    public Decision decide(OutboundRequest request) {
        return decide(request, true);
    }

    @Override
    public Decision decideWithoutBlocking(OutboundRequest request) {
        return decide(request, false);
    }

    private Decision decide(OutboundRequest request, boolean mayBlock) {
        Tokenguard built = guard;
        if (built == null) {
            CarrierConfig carrier = null;
            try {
                carrier = directory.find(request.uri().getHost(), DefaultPorts.effective(request.uri()));
                if (carrier == null) {
                    return Decision.PASS;
                }
            } catch (RuntimeException e) {
                // The built guard classifies the same way, and logs and answers such a fault itself.
            }
            built = buildOnce();
            if (built == null) {
                // Unclassified, the request passes, as the built guard would let it.
                return carrier == null ? Decision.PASS : new Decision.Answer(Responses.refusal(carrier, NOT_STARTED, 0));
            }
        }
        return mayBlock ? built.decide(request) : built.decideWithoutBlocking(request);
    }

    /** Exchanges come from the built guard only: with none built there is nothing to report to. */
    @Override
    public AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, Replays replays) {
        Tokenguard built = guard;
        return built == null ? AfterResponse.DONE : built.onResponse(exchange, status, responseHeaders, replays);
    }

    @Override
    public AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, String errorBody,
            Replays replays) {
        Tokenguard built = guard;
        return built == null ? AfterResponse.DONE : built.onResponse(exchange, status, responseHeaders, errorBody, replays);
    }

    @Override
    public void onRetried429(Exchange exchange, HttpHeaders responseHeaders, String errorBody) {
        Tokenguard built = guard;
        if (built != null) {
            built.onRetried429(exchange, responseHeaders, errorBody);
        }
    }

    @Override
    public void onFailure(Exchange exchange, Throwable error) {
        Tokenguard built = guard;
        if (built != null) {
            built.onFailure(exchange, error);
        }
    }

    /** The carriers, for JMX, building the guard if no request has yet; none if it could not be built. */
    public List<CarrierControl> carriers() {
        Tokenguard built = buildOnce();
        return built == null ? List.of() : built.carriers();
    }

    /** The policies in force, building the guard if no request has yet; none if it could not be built. */
    @Override
    public List<PolicyControl> policies() {
        PolicyAdmin admin = admin();
        return admin == null ? List.of() : admin.policies();
    }

    /** @throws IllegalStateException where the guard could not be built: there is nothing to block */
    @Override
    public BlockControl blocks() {
        return started().blocks();
    }

    /** @throws IllegalStateException where the guard could not be built: there is nothing to switch */
    @Override
    public GuardMode mode() {
        return started().mode();
    }

    /** @throws IllegalStateException where the guard could not be built: there is nothing to switch */
    @Override
    public boolean switchMode(GuardMode mode, String origin) {
        return started().switchMode(mode, origin);
    }

    /** @throws IllegalStateException where the guard could not be built: there is nothing to reload */
    @Override
    public List<String> reload(TokenguardConfig next) {
        return started().reload(next);
    }

    private PolicyAdmin started() {
        PolicyAdmin admin = admin();
        if (admin == null) {
            throw new IllegalStateException(NOT_STARTED);
        }
        return admin;
    }

    /** The built guard as the policies' admin, or null if it cannot be built. */
    PolicyAdmin admin() {
        return buildOnce();
    }

    /** Closes the guard if it was built; none is built afterwards. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (guard != null) {
                guard.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The guard, built now if it is not yet; null if it cannot be. */
    private Tokenguard buildOnce() {
        lock.lock();
        try {
            if (guard == null && !failed && !closed) {
                try {
                    guard = build.get();
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError vmError) {
                        throw vmError;
                    }
                    failed = true;
                    log.get().error("tokenguard: could not build the guard; carrier requests are refused until the JVM"
                            + " restarts, other traffic passes", e);
                }
            }
            return guard;
        } finally {
            lock.unlock();
        }
    }
}
