package dev.tokenguard.it.support;

import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.core.jmx.CarrierObjectNames;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Remote JMX on a free local port for a forked application, and the test's connection to it. */
public final class RemoteJmx implements AutoCloseable {
    private final int port;
    private JMXConnector connector;

    public RemoteJmx() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    /** The JVM options that open it: no authentication, no TLS, loopback only; RMI on the same port. */
    public List<String> jvmArgs() {
        return List.of(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false");
    }

    /** The carrier's bean, once the application listens and the agent registered it (fails after {@code timeout}). */
    public CarrierMBean carrier(String id, Duration timeout) throws Exception {
        Await.until("the bean " + CarrierObjectNames.of(id) + " is registered", timeout, () -> {
            try {
                return connection().isRegistered(CarrierObjectNames.of(id));
            } catch (IOException notListeningYet) {
                connector = null;
                return false;
            }
        }, () -> "port " + port);
        return JMX.newMBeanProxy(connection(), CarrierObjectNames.of(id), CarrierMBean.class);
    }

    /** The connection, for reading beans this class has no proxy for. */
    public MBeanServerConnection connection() throws IOException {
        if (connector == null) {
            connector = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"));
        }
        return connector.getMBeanServerConnection();
    }

    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException applicationGoneAlready) {
                // closing tells the server goodbye; a stopped application needs none
            }
        }
    }
}
