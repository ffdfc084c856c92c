package dev.tokenguard.core.bench;

import dev.tokenguard.core.config.Attach;
import dev.tokenguard.core.config.PathGlob;
import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.config.RateBand;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.guard.Tokenguard;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.testing.Requests;
import dev.tokenguard.core.testing.TestCarriers;
import dev.tokenguard.core.time.TimeSource;
import dev.tokenguard.core.transport.TokenTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.helpers.NOPLogger;

/**
 * The hot path: what every carrier API request and every other request pays.
 *
 * <p>Run after {@code mvn -pl agent-core test-compile}, from the repository root:
 * <pre>
 * mvn -q -pl agent-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp agent-core/target/test-classes:agent-core/target/classes:$(cat /tmp/cp.txt) \
 *     dev.tokenguard.core.bench.HotPathBenchmark
 * </pre>
 * (any JMH options may follow, e.g. {@code -f 1 -wi 3 -i 5 -prof gc}; {@code decideWithPolicies} for
 * the throttling policies' cost alone, by number of policies).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmark {
    /** FedEx tokens are JWTs of about this length; comparing them is the hot path's main cost. */
    private static final int TOKEN_LENGTH = 1200;

    private Tokenguard guard;
    private OutboundRequest bearingFreshToken;
    private OutboundRequest needingAttach;
    private OutboundRequest otherHost;

    @Setup
    public void setUp() {
        TokenguardConfig config = new TokenguardConfig(List.of(TestCarriers.fedex().attach(Attach.MISSING).build()),
                "warn", null, TokenguardConfig.OnConfigError.PASS, "benchmark");
        guard = Tokenguard.builder(config)
                .transport(new OneTokenCarrier())
                .timeSource(TimeSource.system())
                .executor(Runnable::run)
                .logger(NOPLogger.NOP_LOGGER)
                .build();
        String token = Requests.accessToken(guard.decide(Requests.fedexToken("id", "secret")));
        // A header value of its own, as an application builds one per request: equals compares it all.
        bearingFreshToken = Requests.fedexApi(new String(token.toCharArray()));
        needingAttach = Requests.fedexApi(null);
        otherHost = new OutboundRequest("GET", URI.create("https://api.example.com/orders"), HttpHeaders.EMPTY, null);
        if (!(guard.decide(bearingFreshToken) instanceof Decision.Proceed p) || !p.setHeaders().names().isEmpty()) {
            throw new IllegalStateException("the fresh token should go as it is");
        }
    }

    @TearDown
    public void tearDown() {
        guard.close();
    }

    /** An API request carrying the current FRESH token: recognised, left as it is. */
    @Benchmark
    public Decision decideFreshBearer() {
        return guard.decide(bearingFreshToken);
    }

    /** An API request without {@code Authorization}: the FRESH token attached. */
    @Benchmark
    public Decision decideAttach() {
        return guard.decide(needingAttach);
    }

    /** The adapters' first check for a request to some other host. */
    @Benchmark
    public boolean isCarrierHostOther() {
        return guard.isCarrierHost("api.example.com", 443);
    }

    /** The adapters' first check for a carrier's host. */
    @Benchmark
    public boolean isCarrierHostCarrier() {
        return guard.isCarrierHost("apis.fedex.com", 443);
    }

    /** A request to another host that reaches decide anyway. */
    @Benchmark
    public Decision decideOtherHost() {
        return guard.decide(otherHost);
    }

    /**
     * A guard with {@code policies} throttling policies of FedEx, all matching the request (POST under
     * {@code /rate/}), half of them one counter for all calls, half one per credential, each with a
     * request limit it never reaches ({@code 10000/1ms}): every call is admitted, and counted by all.
     */
    @State(Scope.Benchmark)
    public static class WithPolicies {
        @Param({"0", "1", "10", "100"})
        public int policies;

        private Tokenguard guard;
        private OutboundRequest bearingFreshToken;

        @Setup
        public void setUp() {
            List<PolicyConfig> configs = new ArrayList<>();
            for (int i = 0; i < policies; i++) {
                configs.add(new PolicyConfig("p" + i, "fedex",
                        new PolicyConfig.Conditions(Set.of("POST"), List.of(PathGlob.compile("/rate/**")), Map.of(), Map.of(), false),
                        i % 2 == 0 ? PolicyConfig.Per.POLICY : PolicyConfig.Per.CREDENTIAL,
                        List.of(new RateBand(10_000, Duration.ofMillis(1))), null, 0, Duration.ZERO,
                        PolicyConfig.Mode.ENFORCE, PolicyConfig.Action.LIMIT, true, PolicyConfig.DEFAULT_SCOPE,
                PolicyConfig.DEFAULT_SYNC, PolicyConfig.Origin.USER, 0));
            }
            TokenguardConfig config = new TokenguardConfig(List.of(TestCarriers.fedex().attach(Attach.MISSING).build()),
                    "warn", null, TokenguardConfig.OnConfigError.PASS, "benchmark", StoreLocation.LOCAL, null,
                    TokenguardConfig.DEFAULT_EXPECTED_INSTANCES, configs);
            guard = Tokenguard.builder(config)
                    .transport(new OneTokenCarrier())
                    .timeSource(TimeSource.system())
                    .executor(Runnable::run)
                    .logger(NOPLogger.NOP_LOGGER)
                    .build();
            String token = Requests.accessToken(guard.decide(Requests.fedexToken("id", "secret")));
            bearingFreshToken = Requests.fedexApi(new String(token.toCharArray()));
            if (!(guard.decide(bearingFreshToken) instanceof Decision.Proceed)) {
                throw new IllegalStateException("the call should be admitted");
            }
        }

        @TearDown
        public void tearDown() {
            guard.close();
        }
    }

    /** A carrier API call through the policies, and its response reported: what each call adds. */
    @Benchmark
    public AfterResponse decideWithPolicies(WithPolicies state) {
        Decision.Proceed proceed = (Decision.Proceed) state.guard.decide(state.bearingFreshToken);
        return state.guard.onResponse(proceed.exchange(), 200, HttpHeaders.EMPTY, RequestGuard.Replays.NEVER);
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {HotPathBenchmark.class.getName()});
    }

    /** Issues one token of FedEx's length, good for an hour. */
    private static final class OneTokenCarrier implements TokenTransport {
        @Override
        public Response post(URI url, HttpHeaders headers, byte[] body, Duration timeout) {
            String token = "eyJ" + "x".repeat(TOKEN_LENGTH - 3);
            String json = "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"CXS\"}";
            return new Response(200, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                    json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
