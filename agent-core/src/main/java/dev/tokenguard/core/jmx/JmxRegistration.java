package dev.tokenguard.core.jmx;

import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.guard.LazyTokenguard;
import dev.tokenguard.core.time.TimeSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;

/**
 * Registers one {@link CarrierMBean} per carrier, named {@code tokenguard:type=Carrier,name=<id>}, and
 * unregisters them on {@link #close()}. A name that is taken already (a second tokenguard agent in
 * the JVM, or a second guard) is logged and skipped: the first one stays in charge of it.
 *
 * <p>The agent calls {@link #registerInBackground} from its premain. Registration needs the
 * platform MBean server, and creating that server also creates the JVM's {@code java.util.logging}
 * {@code LogManager}: done in premain, it would fix both before the application's {@code main} could
 * choose its own (a custom {@code java.util.logging.manager}, an MBean server builder). So the beans
 * are registered on a daemon thread {@link #DELAY} later, by which time an application that sets
 * those in its first lines has done so. The one cost: for that first second the carriers are not
 * visible over JMX (the command line waits for them in a young JVM).
 */
public final class JmxRegistration implements AutoCloseable {
    /** How long after premain the beans appear. */
    public static final Duration DELAY = Duration.ofSeconds(1);

    /** Asked for on the registering thread: the agent's guard is built then, if no request built it. */
    private final Supplier<List<CarrierControl>> carriers;
    private final TimeSource time;
    /** Looked up when first needed: premain must create no logger. */
    private final Supplier<Logger> log;
    private final List<ObjectName> registered = new ArrayList<>();
    private MBeanServer server;
    private Thread pending;
    private boolean closed;

    JmxRegistration(Supplier<List<CarrierControl>> carriers, TimeSource time, Supplier<Logger> log) {
        this.carriers = carriers;
        this.time = time;
        this.log = log;
    }

    /**
     * The agent's entry point: registers the guard's carriers on the platform MBean server from a
     * daemon thread, {@link #DELAY} from now, building the guard there if no carrier request has yet.
     * Returns at once, having touched no JMX class's state.
     */
    public static JmxRegistration registerInBackground(LazyTokenguard guard) {
        JmxRegistration registration = new JmxRegistration(guard::carriers, TimeSource.system(), EventLog::defaultLogger);
        // A lambda, not a method reference: linking one would load ManagementFactory here, in premain.
        registration.startLater(() -> ManagementFactory.getPlatformMBeanServer(), DELAY);
        return registration;
    }

    /** Returns the thread, already started, that waits and registers. */
    synchronized Thread startLater(Supplier<MBeanServer> server, Duration delay) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return; // closed before the delay was up
            }
            try {
                registerOn(server.get());
            } catch (RuntimeException | LinkageError e) {
                log.get().error("tokenguard: could not register the carriers' JMX beans; the kill-switch cannot be"
                        + " flipped over JMX in this JVM", e);
            }
        }, "tokenguard-jmx");
        thread.setDaemon(true);
        pending = thread;
        thread.start();
        return thread;
    }

    synchronized void registerOn(MBeanServer target) {
        if (closed) {
            return;
        }
        server = target;
        for (CarrierControl carrier : carriers.get()) {
            ObjectName name = CarrierObjectNames.of(carrier.id());
            try {
                target.registerMBean(new CarrierBean(carrier, time), name);
                registered.add(name);
                log.get().debug("{}: registered the JMX bean {}", carrier.id(), name);
            } catch (InstanceAlreadyExistsException e) {
                log.get().warn("{}: the JMX bean {} is registered already (a second tokenguard agent in this JVM?);"
                        + " that one stays in charge of the carrier over JMX", carrier.id(), name);
            } catch (JMException e) {
                log.get().error("{}: could not register the JMX bean {}", carrier.id(), name, e);
            }
        }
    }

    /** The names this registration holds, in configuration order. */
    public synchronized List<ObjectName> names() {
        return List.copyOf(registered);
    }

    /** Unregisters the beans, or stops a registration still waiting for its delay. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.interrupt();
        }
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // unregistered by someone else already: nothing left to do
            } catch (JMException e) {
                log.get().warn("tokenguard: could not unregister the JMX bean {}: {}", name, e.toString());
            }
        }
        registered.clear();
    }
}
