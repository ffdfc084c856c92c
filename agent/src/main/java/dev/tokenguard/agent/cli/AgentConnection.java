package dev.tokenguard.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.tokenguard.core.jmx.BlocksMBean;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.core.jmx.CarrierObjectNames;
import dev.tokenguard.core.jmx.ConfigMBean;
import dev.tokenguard.core.jmx.ControlObjectNames;
import dev.tokenguard.core.jmx.PolicyMBean;
import dev.tokenguard.core.jmx.JmxRegistration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * JMX to the tokenguard agent in a local JVM: attaches with the Attach API, has the JVM start its
 * local management agent (a no-op when it runs already) and connects to it.
 */
final class AgentConnection implements AutoCloseable {
    /**
     * The agent registers its beans {@link JmxRegistration#DELAY} after premain: a JVM younger than
     * this may have an agent whose beans are not there yet, so it is asked again until it is this old.
     */
    private static final Duration REGISTRATION_GRACE = JmxRegistration.DELAY.plusSeconds(4);
    private static final long POLL_MILLIS = 100;

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private AgentConnection(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static AgentConnection open(long pid) throws CliFailure {
        String id = Long.toString(pid);
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new CliFailure(CliFailure.CANNOT_ATTACH, "no process with PID " + pid);
        }
        // Only JVMs that list themselves are attached to: on Linux the Attach API signals the process
        // with SIGQUIT, which kills a process that is not a JVM.
        if (VirtualMachine.list().stream().noneMatch(vm -> vm.id().equals(id))) {
            throw new CliFailure(CliFailure.CANNOT_ATTACH, "process " + pid
                    + " is not a JVM this user can attach to (run as the user that started it)");
        }
        String address = attached(pid, VirtualMachine::startLocalManagementAgent);
        try {
            return new AgentConnection(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw new CliFailure(CliFailure.CANNOT_ATTACH, "cannot connect to the JMX agent of PID " + pid + ": " + e);
        }
    }

    /**
     * The carrier beans by id, all of them or only {@code wanted}'s.
     *
     * @throws CliFailure when the JVM has none, or none named {@code wanted}
     */
    Map<String, CarrierMBean> carriers(String wanted) throws CliFailure, IOException {
        Set<ObjectName> names = carrierNames();
        Map<String, CarrierMBean> carriers = new TreeMap<>();
        for (ObjectName name : names) {
            carriers.put(CarrierObjectNames.carrierId(name), JMX.newMBeanProxy(connection, name, CarrierMBean.class));
        }
        if (wanted == null) {
            return carriers;
        }
        if (!carriers.containsKey(wanted)) {
            throw new CliFailure(CliFailure.UNKNOWN_CARRIER, "PID " + pid + " has no carrier '" + wanted
                    + "'; its carriers: " + String.join(", ", carriers.keySet()));
        }
        return Map.of(wanted, carriers.get(wanted));
    }

    /** The policy beans by name, in name order; none where no policy is in force. */
    Map<String, PolicyMBean> policies() throws CliFailure, IOException {
        // No policy may be in force; the blocks' bean tells an agent with run-time control from an older one.
        control(ControlObjectNames.BLOCKS);
        Map<String, PolicyMBean> policies = new TreeMap<>();
        for (ObjectName name : connection.queryNames(ControlObjectNames.POLICY_PATTERN, null)) {
            policies.put(ControlObjectNames.policyName(name), JMX.newMBeanProxy(connection, name, PolicyMBean.class));
        }
        return policies;
    }

    BlocksMBean blocks() throws CliFailure, IOException {
        return JMX.newMBeanProxy(connection, control(ControlObjectNames.BLOCKS), BlocksMBean.class);
    }

    ConfigMBean config() throws CliFailure, IOException {
        return JMX.newMBeanProxy(connection, control(ControlObjectNames.CONFIG), ConfigMBean.class);
    }

    /** {@code enforce} or {@code observe}; null for an agent without run-time control (an older one). */
    String mode() throws CliFailure, IOException {
        if (!connection.isRegistered(ControlObjectNames.CONFIG)) {
            return null;
        }
        return config().getMode();
    }

    /**
     * The name of a run-time control bean, once the agent's beans are there: they are registered before
     * the carriers' beans, so a JVM with carrier beans and without this one runs an agent older than it.
     */
    private ObjectName control(ObjectName name) throws CliFailure, IOException {
        carrierNames();
        if (!connection.isRegistered(name)) {
            throw new CliFailure(CliFailure.NO_AGENT, "PID " + pid + " runs a tokenguard agent without run-time control"
                    + " of policies (no " + name + " bean: an older version?)");
        }
        return name;
    }

    /** @throws CliFailure where the JVM has no carrier beans, once it is old enough to have them */
    private Set<ObjectName> carrierNames() throws CliFailure, IOException {
        Set<ObjectName> names = namesOnceRegistered();
        if (names.isEmpty()) {
            throw new CliFailure(CliFailure.NO_AGENT, "PID " + pid + " runs no tokenguard agent (it has no "
                    + CarrierObjectNames.PATTERN + " beans)");
        }
        return names;
    }

    /** The carriers the agent in the JVM guards, by id; none where it runs no tokenguard agent. */
    Set<String> carrierIds() throws IOException {
        Set<String> ids = new TreeSet<>();
        for (ObjectName name : namesOnceRegistered()) {
            ids.add(CarrierObjectNames.carrierId(name));
        }
        return ids;
    }

    /**
     * Loads the agent jar into the JVM with the attach API, which passes {@code options} unchanged
     * and returns once the agent's {@code agentmain} has returned.
     */
    void loadAgent(String agentJar, String options) throws CliFailure {
        attached(pid, vm -> {
            vm.loadAgent(agentJar, options);
            return null;
        });
    }

    /** What one attach-API session with the JVM does. */
    private interface Session<T> {
        T run(VirtualMachine vm) throws IOException, AgentLoadException, AgentInitializationException;
    }

    /** Attaches to the JVM, runs {@code session} and detaches. */
    private static <T> T attached(long pid, Session<T> session) throws CliFailure {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                return session.run(vm);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | SecurityException e) {
            throw new CliFailure(CliFailure.CANNOT_ATTACH, "cannot attach to PID " + pid + ": " + e.getMessage()
                    + " (run as the user that started it)");
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new CliFailure(CliFailure.FAILED, "PID " + pid + " did not load the agent: " + e.getMessage());
        }
    }

    /**
     * The carrier beans of an agent just loaded, once it has registered them.
     *
     * @throws CliFailure where none came within {@code deadline}: the agent refused to start (its reason
     *                    is on the JVM's standard error)
     */
    Map<String, CarrierMBean> awaitCarriers(Duration deadline) throws CliFailure, IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (connection.queryNames(CarrierObjectNames.PATTERN, null).isEmpty()) {
            if (System.nanoTime() - end > 0) {
                throw new CliFailure(CliFailure.FAILED, "the agent was loaded into PID " + pid + " but registered no "
                        + CarrierObjectNames.PATTERN + " beans within " + deadline.toSeconds()
                        + " s; its reason is on that JVM's standard error");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(CliFailure.FAILED, "interrupted while waiting for the agent's beans");
            }
        }
        return carriers(null);
    }

    long pid() {
        return pid;
    }

    private Set<ObjectName> namesOnceRegistered() throws IOException {
        RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(connection,
                ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
        Set<ObjectName> names = connection.queryNames(CarrierObjectNames.PATTERN, null);
        while (names.isEmpty() && runtime.getUptime() < REGISTRATION_GRACE.toMillis()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            names = connection.queryNames(CarrierObjectNames.PATTERN, null);
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
