package dev.tokenguard.core.testing;

import dev.tokenguard.core.config.PathGlob;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Policy configurations for tests, built directly (the parser is another part's). */
public final class TestPolicies {
    private final String name;
    private String carrier = "fedex";
    private Set<String> methods = Set.of();
    private List<PathGlob> paths = List.of();
    private Map<String, PolicyConfig.ValueMatch> headers = Map.of();
    private boolean not;
    private PolicyConfig.Per per = PolicyConfig.Per.POLICY;
    private final List<RateBand> requests = new ArrayList<>();
    private PolicyConfig.ByteRate bytes;
    private int inFlight;
    private Duration maxWait = PolicyConfig.DEFAULT_MAX_WAIT;
    private PolicyConfig.Mode mode = PolicyConfig.Mode.ENFORCE;
    private PolicyConfig.Action action = PolicyConfig.Action.LIMIT;
    private boolean enabled = true;
    private PolicyConfig.Scope scope = PolicyConfig.DEFAULT_SCOPE;
    private PolicyConfig.Sync sync = PolicyConfig.DEFAULT_SYNC;

    private TestPolicies(String name) {
        this.name = name;
    }

    public static TestPolicies policy(String name) {
        return new TestPolicies(name);
    }

    public TestPolicies carrier(String carrier) {
        this.carrier = carrier;
        return this;
    }

    public TestPolicies methods(String... methods) {
        this.methods = Set.of(methods);
        return this;
    }

    public TestPolicies paths(String... globs) {
        this.paths = java.util.Arrays.stream(globs).map(PathGlob::compile).toList();
        return this;
    }

    public TestPolicies header(String lowerCaseName, String exact) {
        this.headers = Map.of(lowerCaseName, new PolicyConfig.ValueMatch(exact, null));
        return this;
    }

    public TestPolicies not() {
        this.not = true;
        return this;
    }

    public TestPolicies per(PolicyConfig.Per per) {
        this.per = per;
        return this;
    }

    public TestPolicies requests(long calls, Duration period) {
        this.requests.add(new RateBand(calls, period));
        return this;
    }

    public TestPolicies bytes(long bytes, Duration period) {
        this.bytes = new PolicyConfig.ByteRate(bytes, period);
        return this;
    }

    public TestPolicies inFlight(int inFlight) {
        this.inFlight = inFlight;
        return this;
    }

    public TestPolicies maxWait(Duration maxWait) {
        this.maxWait = maxWait;
        return this;
    }

    public TestPolicies shadow() {
        this.mode = PolicyConfig.Mode.SHADOW;
        return this;
    }

    public TestPolicies block() {
        this.action = PolicyConfig.Action.BLOCK;
        return this;
    }

    public TestPolicies disabled() {
        this.enabled = false;
        return this;
    }

    public TestPolicies scope(PolicyConfig.Scope scope) {
        this.scope = scope;
        return this;
    }

    public TestPolicies sync(PolicyConfig.Sync sync) {
        this.sync = sync;
        return this;
    }

    public PolicyConfig build() {
        return new PolicyConfig(name, carrier, new PolicyConfig.Conditions(methods, paths, headers, Map.of(), not), per,
                requests, bytes, inFlight, maxWait, mode, action, enabled, scope, sync,
                PolicyConfig.Origin.USER, 0);
    }
}
