package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.guard.CarrierControl;
import dev.tokenguard.core.guard.Tokenguard;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.OutboundRequest;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.event.Level;

/** A {@link Tokenguard} wired to a fake clock, a fake carrier, a held executor and a captured log. */
public final class Harness implements AutoCloseable {
    public final ManualClock clock = new ManualClock();
    public final FakeCarrier carrier;
    public final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    public final QueuedExecutor executor = new QueuedExecutor();
    public final Tokenguard guard;

    /** A FedEx-shaped carrier issuing tokens of {@code expiresIn} seconds; jitter zero. */
    public Harness(long expiresIn, CarrierConfig... carriers) {
        this(FakeCarrier.Shape.FEDEX, expiresIn, () -> 0L, carriers);
    }

    public Harness(FakeCarrier.Shape shape, long expiresIn, RandomGenerator random, CarrierConfig... carriers) {
        this(shape, expiresIn, random, List.of(), carriers);
    }

    /** As {@link #Harness(long, CarrierConfig...)}, with these throttling policies in force. */
    public Harness(List<PolicyConfig> policies, CarrierConfig... carriers) {
        this(FakeCarrier.Shape.FEDEX, 3600, () -> 0L, policies, carriers);
    }

    private Harness(FakeCarrier.Shape shape, long expiresIn, RandomGenerator random, List<PolicyConfig> policies,
                    CarrierConfig... carriers) {
        this.carrier = new FakeCarrier(clock, shape, expiresIn);
        TokenguardConfig config = config(policies, carriers);
        this.guard = Tokenguard.builder(config)
                .transport(carrier)
                .timeSource(clock)
                .random(random)
                .executor(executor)
                .logger(log)
                .build();
    }

    public static TokenguardConfig config(List<PolicyConfig> policies, CarrierConfig... carriers) {
        return new TokenguardConfig(List.of(carriers), "debug", null, TokenguardConfig.OnConfigError.PASS, "test",
                StoreLocation.LOCAL, null, TokenguardConfig.DEFAULT_EXPECTED_INSTANCES, policies);
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
    }
}
