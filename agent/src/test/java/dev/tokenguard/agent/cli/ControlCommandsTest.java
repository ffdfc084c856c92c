package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenguard.core.jmx.BlocksMBean;
import dev.tokenguard.core.jmx.ConfigMBean;
import dev.tokenguard.core.jmx.PolicyMBean;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code policies}, {@code reload}, {@code block} and {@code unblock} over the agent's beans. */
class ControlCommandsTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ControlCommands commands = new ControlCommands(4242,
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    private List<String> output() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void policiesPrintsTheTableOrSaysThereAreNone() {
        commands.policies(Map.of());
        commands.policies(Map.of("fedex-api", new Policy()));

        assertEquals(List.of(
                "no policies in force in PID 4242",
                "policy     carrier  enabled  mode     matched  admitted  waited  refused  shadow  in-flight  paused until",
                "fedex-api  fedex    yes      enforce     2830      2800     410       30       0         12  -"), output());
    }

    @Test
    void modeSaysWhatItWasSoThatTheSwitchCanBeUndone() {
        Config config = new Config();
        commands.mode(config, "observe");
        commands.mode(config, "observe");

        assertEquals("observe", config.getMode());
        assertEquals(List.of("PID 4242: mode enforce -> observe", "PID 4242 already in observe mode"), output());
    }

    @Test
    void reloadPrintsEachChangeOrThatNothingChanged() throws CliFailure {
        commands.reload(new Config("policy fedex-api: requests 1400/10s -> 700/10s", "policy bulk: added"));
        commands.reload(new Config());

        assertEquals(List.of("policy fedex-api: requests 1400/10s -> 700/10s", "policy bulk: added",
                "reloaded /etc/tokenguard.properties: nothing in force changed"), output());
    }

    @Test
    void aRejectedReloadExitsWithSevenAndTheAgentsMessage() {
        String error = "Invalid tokenguard configuration (/etc/tokenguard.properties, line 7, policy.bulk.requests):"
                + " \"10/\" is not a rate";
        Config config = new Config() {
            @Override
            public String[] reload() {
                throw new IllegalArgumentException(error);
            }
        };

        CliFailure failure = assertThrows(CliFailure.class, () -> commands.reload(config));

        assertEquals(CliFailure.RELOAD_REJECTED, failure.exitCode());
        assertEquals(7, failure.exitCode());
        assertEquals(error + "; nothing changed", failure.getMessage());
    }

    @Test
    void blockPassesItsArgumentsWithEmptyForAnyAndPrintsTheIdOnALineOfItsOwn() throws CliFailure {
        Blocks blocks = new Blocks();

        commands.block(blocks, "fedex", new CliArguments.Block("POST", "/ship/**", null, "10m"), "runaway batch");

        assertEquals(List.of("fedex|POST|/ship/**||10m|runaway batch"), blocks.calls);
        assertEquals(List.of("block b1"), output());
    }

    @Test
    void aBlockTheAgentRefusesIsAUsageErrorWithItsMessage() {
        Blocks blocks = new Blocks();

        CliFailure failure = assertThrows(CliFailure.class, () -> commands.block(blocks, "fedex",
                new CliArguments.Block(null, "/[", null, null), "why"));

        assertEquals(CliFailure.USAGE, failure.exitCode());
        assertEquals("the agent refused the block: pathGlob: \"/[\" is not a glob", failure.getMessage());
    }

    @Test
    void unblockSaysWhatItLiftedAndAnUnknownIdExitsWithSixListingTheBlocks() throws CliFailure {
        Blocks blocks = new Blocks();
        commands.block(blocks, "fedex", new CliArguments.Block(null, null, null, null), "FedEx incident INC-4711");
        commands.block(blocks, "ups", new CliArguments.Block("POST", "/ship/**", null, "10m"), "runaway batch");

        commands.unblock(blocks, "b1");
        CliFailure failure = assertThrows(CliFailure.class, () -> commands.unblock(blocks, "b1"));

        assertEquals(List.of("block b1", "block b2", "unblocked b1"), output());
        assertEquals(CliFailure.UNKNOWN_BLOCK, failure.exitCode());
        assertEquals(6, failure.exitCode());
        assertEquals("PID 4242 has no block 'b1' (never had, or expired); its blocks: b2", failure.getMessage());
    }

    private static class Policy implements PolicyMBean {
        public String getCarrier() { return "fedex"; }
        public String getDescription() { return "requests=1400/10s"; }
        public String getMode() { return "enforce"; }
        public boolean isEnabled() { return true; }
        public void setEnabled(boolean enabled) { throw new UnsupportedOperationException(); }
        public long getMatched() { return 2830; }
        public long getAdmitted() { return 2800; }
        public long getWaited() { return 410; }
        public long getRefused() { return 30; }
        public long getShadowRefused() { return 0; }
        public long getBytes() { return 0; }
        public int getInFlight() { return 12; }
        public String getPausedUntil() { return ""; }
        public void enable() { throw new UnsupportedOperationException(); }
        public void disable() { throw new UnsupportedOperationException(); }
    }

    private static class Config implements ConfigMBean {
        private final String[] changes;
        private String mode = "enforce";

        @Override
        public String getMode() {
            return mode;
        }

        @Override
        public void setMode(String mode) {
            this.mode = mode;
        }

        Config(String... changes) {
            this.changes = changes;
        }

        @Override
        public String getFile() {
            return "/etc/tokenguard.properties";
        }

        @Override
        public String[] reload() {
            return changes;
        }
    }

    /** Numbers blocks b1, b2, ...; refuses a path with a '['. */
    private static class Blocks implements BlocksMBean {
        final List<String> calls = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        @Override
        public String[] getBlocks() {
            return lines.toArray(String[]::new);
        }

        @Override
        public String block(String carrier, String method, String pathGlob, String header, String duration, String reason) {
            if (pathGlob.contains("[")) {
                throw new IllegalArgumentException("pathGlob: \"" + pathGlob + "\" is not a glob");
            }
            calls.add(String.join("|", carrier, method, pathGlob, header, duration, reason));
            String id = "b" + calls.size();
            lines.add(id + "  carrier=" + carrier + " ...");
            return id;
        }

        @Override
        public boolean unblock(String id) {
            return lines.removeIf(line -> line.startsWith(id + " "));
        }
    }
}
