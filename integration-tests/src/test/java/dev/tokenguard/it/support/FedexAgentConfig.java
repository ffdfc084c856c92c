package dev.tokenguard.it.support;

import dev.tokenguard.demo.carrier.CarrierSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration a first rollout runs against a simulator: the FedEx preset pointed at the
 * simulator's plain-HTTP port, nothing else unless a test adds lines, and the preset's API quota
 * policy off. These scenarios storm the token endpoint and call the API far above FedEx's 1,400 per
 * 10 s on purpose, against a simulator that counts no API quota; the policy suites test the quota.
 */
public final class FedexAgentConfig {

    private FedexAgentConfig() {}

    /** A temporary properties file with the FedEx carrier block, then {@code moreLines}. */
    public static Path write(CarrierSimulator sim, String... moreLines) throws IOException {
        String host = "127.0.0.1:" + sim.httpPort();
        List<String> lines = new ArrayList<>(List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + host,
                "carrier.fedex.token-url=http://" + host + "/oauth/token",
                "policy.fedex-api.enabled=false"));
        lines.addAll(List.of(moreLines));
        lines.add("");
        Path config = Files.createTempFile("tokenguard", ".properties");
        Files.writeString(config, String.join("\n", lines));
        return config;
    }
}
