package dev.tokenguard.core.policy;

import dev.tokenguard.core.config.PolicyConfig;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.testing.CapturingLogger;
import dev.tokenguard.core.testing.ManualClock;
import dev.tokenguard.core.time.TimeSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.event.Level;

/** An engine for carriers fedex and ups (retry-after-default 60 s) on a fake clock, and requests for it. */
final class Engines implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final CapturingLogger log = new CapturingLogger(Level.DEBUG);
    final PolicyEngine engine;
    final CarrierPolicies fedex;

    Engines(PolicyConfig... policies) {
        this(null, policies);
    }

    Engines(TimeSource time, PolicyConfig... policies) {
        this.engine = new PolicyEngine(List.of(policies),
                Map.of("fedex", Duration.ofSeconds(60), "ups", Duration.ofSeconds(60)), time == null ? clock : time, log);
        this.fedex = engine.carrier("fedex");
    }

    static OutboundRequest get(String path) {
        return new OutboundRequest("GET", URI.create("https://apis.fedex.com" + path), HttpHeaders.EMPTY, null);
    }

    static OutboundRequest post(String path, int bodyBytes) {
        return new OutboundRequest("POST", URI.create("https://apis.fedex.com" + path), HttpHeaders.EMPTY,
                "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8));
    }

    Verdict admit(OutboundRequest request) {
        return fedex.admit(request, null, null);
    }

    Verdict admit(OutboundRequest request, String clientId) {
        return fedex.admit(request, clientId, "fp-" + clientId);
    }

    PolicyStats stats(String name) {
        return engine.policies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().stats();
    }

    static HttpHeaders headers(String... nameValues) {
        HttpHeaders.Builder b = HttpHeaders.builder();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.add(nameValues[i], nameValues[i + 1]);
        }
        return b.build();
    }

    @Override
    public void close() {
        engine.close();
    }
}
