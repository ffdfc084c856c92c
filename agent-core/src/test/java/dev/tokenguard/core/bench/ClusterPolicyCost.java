package dev.tokenguard.core.bench;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.policy.CarrierPolicies;
import dev.tokenguard.core.policy.PolicyEngine;
import dev.tokenguard.core.policy.PolicyPass;
import dev.tokenguard.core.policy.Verdict;
import dev.tokenguard.core.policy.Waiting;
import dev.tokenguard.core.store.redis.RedisClusterStore;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.RedisServerProcess;
import dev.tokenguard.core.testing.TestPolicies;
import dev.tokenguard.core.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.event.Level;
import org.slf4j.helpers.NOPLogger;

/**
 * What a cluster-scoped policy adds to a carrier call (issue 13): the policy engine's decision and
 * its response report for one call, for a policy counted on this instance ({@code scope=instance}),
 * in the cluster with {@code sync=async} and with {@code sync=exact}, against a real
 * {@code redis-server} on this machine; and, per 1,000 calls, the requests the cluster modes send
 * to Redis (scripts and publications, from {@code INFO commandstats}: round trips) and the commands
 * Redis runs for them ({@code total_commands_processed}, which counts each command a script runs),
 * the background reports included. A row in which the store failed (a request over its 200 ms
 * timeout on a busy machine) says how often: its instance then counted on its share, without Redis.
 * The quota is far above what the machine can make, so that every call is admitted: this is the
 * cost of counting, not of waiting.
 *
 * <p>Prints one table; compare rows of one run (the machines are noisy). Run after
 * {@code mvn -pl agent-core test-compile}, from the repository root:
 * <pre>
 * mvn -q -pl agent-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp agent-core/target/test-classes:agent-core/target/classes:$(cat /tmp/cp.txt) \
 *     dev.tokenguard.core.bench.ClusterPolicyCost [seconds per row, default 5]
 * </pre>
 */
public final class ClusterPolicyCost {
    private static final OutboundRequest CALL = new OutboundRequest("POST",
            URI.create("https://apis.fedex.com/rate/v1/rates/quotes"), HttpHeaders.EMPTY, null);

    private ClusterPolicyCost() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            System.out.printf(Locale.ROOT, "%-9s %7s %11s %9s %9s %9s %9s %17s %17s %8s%n", "policy", "threads", "calls/s",
                    "mean µs", "p50 µs", "p99 µs", "p99.9 µs", "requests/1000", "commands/1000", "outages");
            for (int threads : new int[] {1, 4}) {
                for (String mode : List.of("instance", "async", "exact")) {
                    row(redis, mode, threads, seconds);
                }
            }
        }
    }

    private static void row(RedisServerProcess redis, String mode, int threads, int seconds) throws Exception {
        PolicyConfig.Scope scope = mode.equals("instance") ? PolicyConfig.Scope.INSTANCE : PolicyConfig.Scope.CLUSTER;
        PolicyConfig.Sync sync = mode.equals("exact") ? PolicyConfig.Sync.EXACT : PolicyConfig.Sync.ASYNC;
        PolicyConfig quota = TestPolicies.policy("quota").requests(1_000_000_000L, Duration.ofSeconds(10))
                .scope(scope).sync(sync).maxWait(Duration.ZERO).build();
        String cluster = "bench-" + mode + "-" + threads + "-" + System.nanoTime();
        CapturingLogger log = new CapturingLogger(Level.WARN);
        try (RedisClusterStore store = new RedisClusterStore(redis.location(), cluster, 3, TimeSource.system(), log)) {
            PolicyEngine engine = new PolicyEngine(List.of(quota), Map.of("fedex", Duration.ofSeconds(60)),
                    store.sharedCounters(), 3, TimeSource.system(), NOPLogger.NOP_LOGGER);
            try {
                CarrierPolicies fedex = engine.carrier("fedex");
                run(fedex, threads, 2, null);
                long before = stat(redis, "stats", "total_commands_processed:");
                long requestsBefore = requests(redis);
                long[][] latencies = new long[threads][];
                long calls = run(fedex, threads, seconds, latencies);
                // The last round of reports goes out within 100 ms; wait for it before counting.
                TimeUnit.MILLISECONDS.sleep(400);
                long commands = stat(redis, "stats", "total_commands_processed:") - before;
                long requests = requests(redis) - requestsBefore;
                long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
                double mean = Arrays.stream(all).average().orElse(0) / 1000.0;
                System.out.printf(Locale.ROOT, "%-9s %7d %11.0f %9.2f %9.2f %9.2f %9.2f %17.1f %17.1f %8d%n", mode, threads,
                        calls / (double) seconds, mean, percentile(all, 0.50), percentile(all, 0.99),
                        percentile(all, 0.999), requests * 1000.0 / calls, commands * 1000.0 / calls,
                        log.messages(Level.WARN).size());
            } finally {
                engine.close();
            }
        }
    }

    /** Calls from {@code threads} threads for {@code seconds}; each thread's latencies (ns) where asked. */
    private static long run(CarrierPolicies fedex, int threads, int seconds, long[][] latencies) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    Verdict v = fedex.admit(CALL, "client", "fp-client");
                    if (v instanceof Waiting w) {
                        v = fedex.await(w);
                    }
                    if (!(v instanceof PolicyPass pass)) {
                        throw new IllegalStateException("refused: " + v);
                    }
                    fedex.onResponse(pass, "client", "fp-client", 200, HttpHeaders.EMPTY, null);
                    long took = System.nanoTime() - start;
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                }
                counts[me] = n;
                if (latencies != null) {
                    latencies[me] = Arrays.copyOf(mine, n);
                }
                done.countDown();
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        TimeUnit.SECONDS.sleep(seconds);
        stop.set(true);
        done.await();
        return Arrays.stream(counts).sum();
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }

    /** Scripts run and messages published: what the agent sends (the harness's own INFO is not counted). */
    private static long requests(RedisServerProcess redis) {
        return stat(redis, "commandstats", "cmdstat_evalsha:calls=") + stat(redis, "commandstats", "cmdstat_eval:calls=")
                + stat(redis, "commandstats", "cmdstat_publish:calls=");
    }

    /** The number after {@code prefix} on its line of {@code INFO section}; 0 where there is no such line. */
    private static long stat(RedisServerProcess redis, String section, String prefix) {
        String info = redis.with(jedis -> jedis.info(section));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                int end = 0;
                while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                    end++;
                }
                return Long.parseLong(rest.substring(0, end));
            }
        }
        return 0;
    }
}
