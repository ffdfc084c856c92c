package dev.tokenguard.agent;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.management.ObjectName;

/**
 * An application for {@link AgentJarIT} that outlives the agent's background thread: waits until that
 * thread has registered the carrier's bean and ended (the metrics endpoint, when configured, starts on
 * it), then, given a URL, fetches it and prints the status and body. Makes no carrier call.
 */
public final class MetricsProbe {
    private static final long DEADLINE_NANOS = 60_000_000_000L;

    private MetricsProbe() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        ObjectName carrier = new ObjectName("tokenguard:type=Carrier,name=" + args[0]);
        while (!ManagementFactory.getPlatformMBeanServer().isRegistered(carrier) || backgroundThreadAlive()) {
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                throw new IllegalStateException("the agent's background thread did not finish");
            }
            Thread.sleep(20);
        }
        if (args.length > 1) {
            HttpURLConnection connection = (HttpURLConnection) URI.create(args[1]).toURL().openConnection();
            System.out.println(connection.getResponseCode());
            try (InputStream body = connection.getInputStream()) {
                System.out.print(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean backgroundThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tokenguard-jmx"));
    }
}
