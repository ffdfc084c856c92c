package dev.tokenguard.core.jmx;

import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.reload.ConfigReloader;
import dev.tokenguard.core.time.TimeSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;

/**
 * Registers tokenguard's beans and unregisters them on {@link #close()}: one {@link CarrierMBean} per
 * carrier ({@code tokenguard:type=Carrier,name=<id>}), one {@link PolicyMBean} per policy in force
 * ({@code tokenguard:type=Policy,name=<name>}, following every reload: a policy a reload adds gets its
 * bean, one it removes loses it), {@link BlocksMBean} ({@code tokenguard:type=Blocks}) and
 * {@link ConfigMBean} ({@code tokenguard:type=Config}). A name that is taken already (a second
 * tokenguard agent in the JVM, or a second guard) is logged and skipped: the first one stays in charge
 * of it. The carriers' beans come last, so that whoever sees them (the command line) sees the others.
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
    private final PolicyAdmin admin;
    private final ConfigReloader reloader;
    private final TimeSource time;
    /** Looked up when first needed: premain must create no logger. */
    private final Supplier<Logger> log;
    private final List<ObjectName> registered = new ArrayList<>();
    /** The policy beans, by policy name, in the order the admin lists the policies. */
    private final Map<String, ObjectName> policies = new LinkedHashMap<>();
    private MBeanServer server;
    private Thread pending;
    private boolean closed;

    JmxRegistration(Supplier<List<CarrierControl>> carriers, PolicyAdmin admin, ConfigReloader reloader, TimeSource time,
            Supplier<Logger> log) {
        this.carriers = carriers;
        this.admin = admin;
        this.reloader = reloader;
        this.time = time;
        this.log = log;
    }

    /**
     * The agent's entry point: registers the beans on the platform MBean server from a daemon thread,
     * {@link #DELAY} from now, and then runs {@code afterwards} on that thread (the agent starts its
     * configuration watcher there, never in premain). Returns at once, having touched no JMX class's
     * state.
     *
     * @param carriers asked for on that thread: the agent's {@code LazyTokenguard} builds its guard then,
     *                 if no carrier request has yet
     * @param admin    the same guard, as the policies' admin. Not a {@code LazyTokenguard} parameter: the
     *                 command line links this class for {@link #DELAY}, and checking that one type is the
     *                 other would load the policy classes into it
     */
    public static JmxRegistration registerInBackground(Supplier<List<CarrierControl>> carriers, PolicyAdmin admin,
            ConfigReloader reloader, Runnable afterwards) {
        JmxRegistration registration = new JmxRegistration(carriers, admin, reloader, TimeSource.system(),
                EventLog::defaultLogger);
        // A lambda, not a method reference: linking one would load ManagementFactory here, in premain.
        registration.startLater(() -> ManagementFactory.getPlatformMBeanServer(), DELAY, afterwards);
        return registration;
    }

    /** Returns the thread, already started, that waits, registers and runs {@code afterwards}. */
    synchronized Thread startLater(Supplier<MBeanServer> server, Duration delay, Runnable afterwards) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return; // closed before the delay was up
            }
            try {
                registerOn(server.get());
            } catch (RuntimeException | LinkageError e) {
                log.get().error("tokenguard: could not register the JMX beans; the kill-switch, policies and blocks"
                        + " cannot be controlled over JMX in this JVM", e);
            }
            afterwards.run();
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
        register("the configuration", ControlObjectNames.CONFIG, () -> new ConfigBean(reloader, admin));
        register("the blocks", ControlObjectNames.BLOCKS, () -> new BlocksBean(admin));
        refreshPolicies();
        reloader.afterApplied(this::refreshPolicies);
        for (CarrierControl carrier : carriers.get()) {
            register(carrier.id(), CarrierObjectNames.of(carrier.id()), () -> new CarrierBean(carrier, time));
        }
    }

    /** Gives each policy in force a bean and takes it from each policy no longer in force. */
    synchronized void refreshPolicies() {
        if (server == null || closed) {
            return;
        }
        Set<String> inForce;
        try {
            inForce = admin.policies().stream().map(PolicyControl::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (RuntimeException e) {
            log.get().error("tokenguard: could not list the policies for JMX; their beans are not registered", e);
            return;
        }
        policies.entrySet().removeIf(entry -> {
            if (inForce.contains(entry.getKey())) {
                return false;
            }
            unregister(entry.getValue());
            registered.remove(entry.getValue());
            return true;
        });
        for (String name : inForce) {
            if (!policies.containsKey(name)) {
                ObjectName objectName = ControlObjectNames.policy(name);
                if (register("policy " + name, objectName, () -> new PolicyBean(name, admin, time))) {
                    policies.put(name, objectName);
                }
            }
        }
    }

    private interface BeanFactory {
        Object create() throws JMException;
    }

    private boolean register(String what, ObjectName name, BeanFactory bean) {
        try {
            server.registerMBean(bean.create(), name);
            registered.add(name);
            log.get().debug("{}: registered the JMX bean {}", what, name);
            return true;
        } catch (InstanceAlreadyExistsException e) {
            log.get().warn("{}: the JMX bean {} is registered already (a second tokenguard agent in this JVM?);"
                    + " that one stays in charge of it over JMX", what, name);
        } catch (JMException e) {
            log.get().error("{}: could not register the JMX bean {}", what, name, e);
        }
        return false;
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // unregistered by someone else already: nothing left to do
        } catch (JMException e) {
            log.get().warn("tokenguard: could not unregister the JMX bean {}: {}", name, e.toString());
        }
    }

    /** The names this registration holds, in the order registered. */
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
        registered.forEach(this::unregister);
        registered.clear();
        policies.clear();
    }
}
