package dev.tokenguard.agent;

import dev.tokenguard.core.Version;
import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.config.StartLine;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.guard.LazyTokenguard;
import dev.tokenguard.core.guard.Tokenguard;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.jmx.JmxRegistration;
import dev.tokenguard.core.metrics.MetricsServer;
import dev.tokenguard.core.reload.ConfigReloader;
import dev.tokenguard.core.reload.ConfigWatcher;
import dev.tokenguard.core.time.TimeSource;
import dev.tokenguard.core.transport.SocketTokenTransport;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Builds agent-core's guard from the configuration: the one place where the agent names agent-core's
 * implementation; everything else sees {@link RequestGuard}. Premain builds only the carrier hosts'
 * directory: the guard itself (broker, limiter, store) is built by the first carrier request, or by
 * the JMX thread a second later, whichever comes first ({@link LazyTokenguard}), so that a JVM that
 * never calls a carrier does not pay for it at start. Nothing here makes a connection: the token
 * calls open their own connections when made, renewal threads start on the first renewal, and a Redis store
 * (cluster mode) connects from threads of its own. Three things are set up for later: the JMX beans, registered by a daemon thread once the application's
 * {@code main} has had time to choose its own MBean server and log manager; the watcher of the
 * configuration file, started by that same thread once the beans are registered (its reloads go
 * through the guard's {@code PolicyAdmin}), and after it the Prometheus endpoint where
 * {@code tokenguard.metrics.port} asks for one; and a shutdown hook that stops the watcher and writes the
 * last log summary of each carrier. It writes one INFO line, {@link StartLine}: what is
 * guarded, by which version, with which store.
 */
final class GuardWiring {

    /** Where a reloaded file came from, for the messages of a file that disappeared. */
    private static final String RELOADED = "the agent at start";

    /** The same connect timeout agent-core's builder gives its default transport. */
    private static final Duration TOKEN_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private GuardWiring() {}

    /**
     * @param tripReason where not null, every carrier's kill-switch is tripped with it before this
     *                   returns (which builds the guard now)
     */
    static RequestGuard guard(TokenguardConfig config, Logger log, String tripReason) {
        LazyTokenguard guard = new LazyTokenguard(config, () -> Tokenguard.builder(config)
                .transport(new InsideTokenguardTransport(new SocketTokenTransport(TOKEN_CONNECT_TIMEOUT)))
                .logger(log)
                .build(), () -> log);
        log.info(StartLine.of(config, Version.current()));
        if (tripReason != null) {
            for (CarrierControl carrier : guard.carriers()) {
                carrier.tripKillSwitch(tripReason);
            }
        }
        // The configuration's source is the absolute path the locator found.
        ConfigReloader reloader = new ConfigReloader(new ConfigLocator.Location(Path.of(config.source()), RELOADED),
                config, ConfigParser.fromSystem(), guard, () -> log);
        ConfigWatcher watcher = new ConfigWatcher(reloader, TimeSource.system(), () -> log);
        JmxRegistration.registerInBackground(guard::carriers, guard, reloader, () -> {
            watcher.start();
            // Only here is MetricsServer linked: a JVM without the port loads no io.prometheus class.
            if (config.metrics() != null) {
                MetricsServer.start(config.metrics(), guard::carriers, guard::policies, () -> log);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.close();
            guard.close();
        }, "tokenguard-shutdown"));
        return guard;
    }
}
