package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.CarrierConfig;
import dev.tokenguard.core.config.GuardMode;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.policy.BlockControl;
import dev.tokenguard.core.policy.BlockSpec;
import dev.tokenguard.core.policy.BlockView;
import dev.tokenguard.core.policy.PolicyAdmin;
import dev.tokenguard.core.policy.PolicyControl;
import dev.tokenguard.core.policy.PolicyStats;
import dev.tokenguard.core.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An in-memory {@link PolicyAdmin} for the tests of run-time control (JMX, the reloader), standing in
 * for the policy engine. Its reload reports, per carrier, a token-rate that changed from the
 * configuration in force, unless a test sets what it answers.
 */
public final class FakePolicyAdmin implements PolicyAdmin {
    private final List<PolicyControl> policies = new CopyOnWriteArrayList<>();
    private final List<TokenguardConfig> reloads = new CopyOnWriteArrayList<>();
    private final Blocks blocks;
    private volatile TokenguardConfig inForce;
    private volatile GuardMode mode = GuardMode.ENFORCE;
    private volatile Function<TokenguardConfig, List<String>> answer = this::tokenRateChanges;

    public FakePolicyAdmin(TokenguardConfig started, TimeSource time) {
        this.inForce = started;
        this.blocks = new Blocks(time);
    }

    public FakePolicy add(String name, String carrier, String description) {
        FakePolicy policy = new FakePolicy(name, carrier, description);
        policies.add(policy);
        return policy;
    }

    public void remove(String name) {
        policies.removeIf(p -> p.name().equals(name));
    }

    /** What the next reloads answer (or throw) instead of the token-rate changes. */
    public void answer(Function<TokenguardConfig, List<String>> answer) {
        this.answer = answer;
    }

    /** The configurations reload was given, rejected ones too. */
    public List<TokenguardConfig> reloads() {
        return List.copyOf(reloads);
    }

    public TokenguardConfig inForce() {
        return inForce;
    }

    @Override
    public GuardMode mode() {
        return mode;
    }

    @Override
    public boolean switchMode(GuardMode next, String origin) {
        GuardMode was = mode;
        mode = next;
        return was != next;
    }

    @Override
    public List<PolicyControl> policies() {
        return List.copyOf(policies);
    }

    @Override
    public Blocks blocks() {
        return blocks;
    }

    @Override
    public List<String> reload(TokenguardConfig next) {
        reloads.add(next);
        List<String> changes = answer.apply(next);
        inForce = next;
        return changes;
    }

    private List<String> tokenRateChanges(TokenguardConfig next) {
        Map<String, CarrierConfig> before = inForce.carriers().stream()
                .collect(Collectors.toMap(CarrierConfig::id, c -> c));
        List<String> changes = new ArrayList<>();
        for (CarrierConfig carrier : next.carriers()) {
            CarrierConfig old = before.get(carrier.id());
            if (old != null && !old.tokenRate().equals(carrier.tokenRate())) {
                changes.add("carrier " + carrier.id() + ": token-rate " + old.tokenRate() + " -> " + carrier.tokenRate());
            }
        }
        return changes;
    }

    /** A policy whose figures a test sets. */
    public static final class FakePolicy implements PolicyControl {
        private final String name;
        private final String carrier;
        private final String description;
        private volatile boolean enabled = true;
        private volatile PolicyStats stats = new PolicyStats(0, 0, 0, 0, 0, 0, 0, 0);

        FakePolicy(String name, String carrier, String description) {
            this.name = name;
            this.carrier = carrier;
            this.description = description;
        }

        public void stats(PolicyStats stats) {
            this.stats = stats;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String carrier() {
            return carrier;
        }

        @Override
        public String describe() {
            return description;
        }

        /** As the description says it, the way the engine writes one. */
        @Override
        public String mode() {
            return description.contains("action=block") ? "block" : description.contains("mode=shadow") ? "shadow" : "enforce";
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public PolicyStats stats() {
            return stats;
        }
    }

    /** Blocks numbered b1, b2, ... for the carriers of the configuration in force, or {@code *}. */
    public final class Blocks implements BlockControl {
        private final TimeSource time;
        private final List<BlockView> views = new CopyOnWriteArrayList<>();
        private int next;

        Blocks(TimeSource time) {
            this.time = time;
        }

        @Override
        public synchronized String block(BlockSpec spec) {
            if (!spec.carrier().equals("*") && inForce.carriers().stream().noneMatch(c -> c.id().equals(spec.carrier()))) {
                throw new IllegalArgumentException("carrier: no carrier '" + spec.carrier() + "'");
            }
            String id = "b" + ++next;
            long now = time.currentTimeMillis();
            views.add(new BlockView(id, spec, now, spec.duration() == null ? 0 : now + spec.duration().toMillis(), 0));
            return id;
        }

        @Override
        public boolean unblock(String id) {
            return views.removeIf(view -> view.id().equals(id));
        }

        @Override
        public List<BlockView> blocks() {
            return List.copyOf(views);
        }

        /** Counts refusals of a block, as the engine would. */
        public void refused(String id, long refused) {
            views.replaceAll(v -> Objects.equals(v.id(), id)
                    ? new BlockView(v.id(), v.spec(), v.createdAtEpochMillis(), v.expiresAtEpochMillis(), refused) : v);
        }
    }
}
