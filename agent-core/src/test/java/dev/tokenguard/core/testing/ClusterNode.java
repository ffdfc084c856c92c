package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.guard.Tokenguard;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.store.redis.RedisClusterStore;
import dev.tokenguard.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import org.slf4j.event.Level;

/**
 * One instance of a cluster in a unit test: a {@link Tokenguard} on the system clock (Redis's time
 * and its key expiry are real), its own renewal threads and captured log, and a store on the test's
 * {@link RedisServerProcess}. Nodes of one test pass the same {@link FakeCarrier} to count the
 * cluster's calls, or each its own to tell them apart.
 */
public final class ClusterNode implements AutoCloseable {
    public static final String CLUSTER = "test";

    public final FakeCarrier carrier;
    public final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    public final RedisClusterStore store;
    public final Tokenguard guard;

    public ClusterNode(RedisServerProcess redis, FakeCarrier carrier, Duration leaseTtl, CarrierConfig... carriers) {
        this.carrier = carrier;
        this.store = new RedisClusterStore(redis.location(), CLUSTER, 2, TimeSource.system(), log, leaseTtl);
        TokenguardConfig config = new TokenguardConfig(List.of(carriers), "debug", null,
                TokenguardConfig.OnConfigError.PASS, "test");
        this.guard = Tokenguard.builder(config).transport(carrier).logger(log).clusterStore(store).build();
    }

    public ClusterNode(RedisServerProcess redis, FakeCarrier carrier, CarrierConfig... carriers) {
        this(redis, carrier, Duration.ofSeconds(3), carriers);
    }

    public Decision decide(OutboundRequest request) {
        return guard.decide(request);
    }

    public CarrierControl control(String id) {
        return guard.carrier(id).orElseThrow();
    }

    @Override
    public void close() {
        guard.close();
        store.close();
    }
}
