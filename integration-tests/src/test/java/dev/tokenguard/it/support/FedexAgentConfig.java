package dev.tokenguard.it.support;

import dev.tokenguard.demo.carrier.CarrierSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration a first rollout runs against a simulator: the FedEx preset pointed at the
 * simulator's plain-HTTP port, nothing else unless a test adds lines.
 */
public final class FedexAgentConfig {

    private FedexAgentConfig() {}

    /** A temporary properties file with the FedEx carrier block, then {@code moreLines}. */
    public static Path write(CarrierSimulator sim, String... moreLines) throws IOException {
        String host = "127.0.0.1:" + sim.httpPort();
        List<String> lines = new ArrayList<>(List.of(
                "carrier.fedex.preset=fedex",
                "carrier.fedex.api-hosts=" + host,
                "carrier.fedex.token-url=http://" + host + "/oauth/token"));
        lines.addAll(List.of(moreLines));
        lines.add("");
        Path config = Files.createTempFile("tokenguard", ".properties");
        Files.writeString(config, String.join("\n", lines));
        return config;
    }
}
