package dev.tokenguard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenguard.core.jmx.BlocksMBean;
import dev.tokenguard.core.jmx.CarrierMBean;
import dev.tokenguard.core.jmx.ControlObjectNames;
import dev.tokenguard.demo.carrier.CarrierSimulator;
import dev.tokenguard.it.support.Await;
import dev.tokenguard.it.support.ForkedApp;
import dev.tokenguard.it.support.RemoteJmx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;

/**
 * Application instances behind one address, as the seed's production nodes are: forked JVMs under
 * the agent, all reaching the simulator from 127.0.0.1, each driven from a test thread of its own
 * so that they run the naive client at the same time.
 */
final class Fleet implements AutoCloseable {
    private final List<ForkedApp> apps = new ArrayList<>();
    private final List<RemoteJmx> jmx = new ArrayList<>();
    private final ExecutorService drivers;

    private Fleet(int size) {
        drivers = Executors.newFixedThreadPool(size);
    }

    /** {@code size} instances with {@code agentConfig}, each with remote JMX where {@code withJmx}. */
    static Fleet start(int size, Path agentConfig, boolean withJmx) throws IOException {
        Fleet fleet = new Fleet(size);
        try {
            for (int i = 0; i < size; i++) {
                ForkedApp.Builder builder = ForkedApp.builder().agentConfig(agentConfig);
                if (withJmx) {
                    RemoteJmx remote = new RemoteJmx();
                    fleet.jmx.add(remote);
                    remote.jvmArgs().forEach(builder::jvmArg);
                }
                fleet.apps.add(builder.start());
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /**
     * The agent configuration of one carrier, FedEx's preset, on the simulator; with
     * {@code redisPort} the instances form the cluster {@code cluster} on that Redis, without it
     * each is on its own.
     */
    static Path agentConfig(CarrierSimulator sim, Integer redisPort, String cluster, int expectedInstances)
            throws IOException {
        return agentConfig(sim, redisPort == null ? null : "redis://127.0.0.1:" + redisPort, cluster, expectedInstances);
    }

    /** As above, with the store given as {@code tokenguard.store} takes it; null for none. */
    static Path agentConfig(CarrierSimulator sim, String store, String cluster, int expectedInstances)
            throws IOException {
        String host = "127.0.0.1:" + sim.httpPort();
        List<String> lines = new ArrayList<>(List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + host,
                // Defaults otherwise: a slow first token call on a busy machine is waited for, whatever
                // token-wait says (that bounds only the wait for a limiter permit).
                "carrier.fedex.token-url=http://" + host + "/oauth/token",
                // The storms call the API far above FedEx's quota against a simulator that counts none.
                "policy.fedex-api.enabled=false"));
        if (store != null) {
            lines.add("tokenguard.store=" + store);
            lines.add("tokenguard.cluster.name=" + cluster);
            lines.add("tokenguard.cluster.expected-instances=" + expectedInstances);
        }
        Path config = Files.createTempFile("tokenguard-cluster", ".properties");
        Files.writeString(config, String.join("\n", lines) + "\n");
        return config;
    }

    int size() {
        return apps.size();
    }

    ForkedApp app(int i) {
        return apps.get(i);
    }

    /** Instance {@code i}'s carrier bean over remote JMX, once registered. */
    CarrierMBean carrierBean(int i, String carrier) throws Exception {
        return jmx.get(i).carrier(carrier, Duration.ofSeconds(30));
    }

    /** Instance {@code i}'s {@code tokenguard:type=Blocks} over remote JMX, once the agent registered its beans. */
    BlocksMBean blocksBean(int i) throws Exception {
        carrierBean(i, "fedex");
        RemoteJmx remote = jmx.get(i);
        Await.until("the Blocks bean is registered", Duration.ofSeconds(30),
                () -> remote.connection().isRegistered(ControlObjectNames.BLOCKS), () -> "instance " + i);
        return JMX.newMBeanProxy(remote.connection(), ControlObjectNames.BLOCKS, BlocksMBean.class);
    }

    /** Starts the naive client on every instance at once; each future holds its RESULT. */
    List<Future<JsonNode>> naive(CarrierSimulator sim, int users, int seconds) {
        List<Future<JsonNode>> results = new ArrayList<>();
        for (ForkedApp app : apps) {
            results.add(drivers.submit(() -> app.send(Map.of("op", "naive", "args", List.of(
                    "--base-url", sim.baseUrl(), "--carrier", "fedex", "--client", "urlconnection",
                    "--users", String.valueOf(users), "--seconds", String.valueOf(seconds)))).path("result")));
        }
        return results;
    }

    /** Every instance's result, added up by {@link Figures}. */
    static List<JsonNode> await(List<Future<JsonNode>> runs, int seconds) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (Future<JsonNode> run : runs) {
            results.add(run.get(seconds + 60L, TimeUnit.SECONDS));
        }
        return results;
    }

    /** What instance {@code i} (its agent) wrote to standard error so far. */
    String log(int i) throws IOException {
        return apps.get(i).stderrText();
    }

    @Override
    public void close() {
        drivers.shutdownNow();
        jmx.forEach(RemoteJmx::close);
        for (ForkedApp app : apps) {
            try {
                app.close();
            } catch (IOException | RuntimeException ignored) {
                // the next one still gets closed
            }
        }
    }
}
