package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code policies} table. */
class PoliciesTableTest {

    @Test
    void oneAlignedRowPerPolicyUnderAHeader() {
        List<String> lines = PoliciesTable.lines(List.of(
                new PolicyStatus("fedex-api", "fedex", true, "enforce", 2830, 2800, 410, 30, 0, 12, ""),
                new PolicyStatus("night-batch", "*", false, "shadow", 0, 0, 0, 0, 7, 0, ""),
                new PolicyStatus("ups-rating", "ups", true, "enforce", 9, 4, 0, 5, 0, 0, "2026-12-04T10:31:07Z")));

        assertEquals(List.of(
                "policy       carrier  enabled  mode     matched  admitted  waited  refused  shadow  in-flight  paused until",
                "fedex-api    fedex    yes      enforce     2830      2800     410       30       0         12  -",
                "night-batch  *        no       shadow         0         0       0        0       7          0  -",
                "ups-rating   ups      yes      enforce        9         4       0        5       0          0  2026-12-04T10:31:07Z"),
                lines);
    }
}
