package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.cli.CliArguments.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code attach --config FILE [--trip] PID}, {@code status|trip|reset [--carrier ID] [--reason TEXT] PID}, {@code policies}, {@code reload}, {@code block}, {@code unblock}. */
class CliArgumentsTest {

    @Test
    void statusTakesAPid() throws CliFailure {
        assertEquals(new CliArguments(Command.STATUS, null, null, 4242, null, null, null, null, false), CliArguments.parse("status", "4242"));
    }

    @Test
    void optionsComeBeforeOrAfterThePidWithOrWithoutAnEqualsSign() throws CliFailure {
        CliArguments expected = new CliArguments(Command.TRIP, "fedex", "carrier outage", 7, null, null, null, null, false);

        assertEquals(expected, CliArguments.parse("trip", "--carrier", "fedex", "--reason", "carrier outage", "7"));
        assertEquals(expected, CliArguments.parse("trip", "7", "--reason=carrier outage", "--carrier=fedex"));
    }

    @Test
    void statusTakesJsonAsAFlagWithoutValue() throws CliFailure {
        assertEquals(new CliArguments(Command.STATUS, "fedex", null, 9, null, null, null, null, true),
                CliArguments.parse("status", "--json", "9", "--carrier", "fedex"));
    }

    @Test
    void invalidateTakesACarrierOrNone() throws CliFailure {
        assertEquals(new CliArguments(Command.INVALIDATE, "ups", null, 9, null, null, null, null, false),
                CliArguments.parse("invalidate", "--carrier=ups", "9"));
        assertEquals(new CliArguments(Command.INVALIDATE, null, null, 9, null, null, null, null, false),
                CliArguments.parse("invalidate", "9"));
    }

    @Test
    void modeTakesEnforceOrObserveThenThePid() throws CliFailure {
        assertEquals(new CliArguments(Command.MODE, null, null, 9, null, null, null, "observe", false),
                CliArguments.parse("mode", "observe", "9"));
        CliFailure wrong = assertThrows(CliFailure.class, () -> CliArguments.parse("mode", "shadow", "9"));
        assertEquals(CliFailure.USAGE, wrong.exitCode());
        assertTrue(wrong.getMessage().startsWith("mode takes enforce or observe, then the PID, got shadow 9"),
                wrong.getMessage());
        assertThrows(CliFailure.class, () -> CliArguments.parse("mode", "9"));
    }

    @Test
    void jsonGoesWithStatusOnly() {
        CliFailure e = assertThrows(CliFailure.class, () -> CliArguments.parse("trip", "--json", "9"));
        assertTrue(e.getMessage().startsWith("--json goes with status only"), e.getMessage());
    }

    @Test
    void helpAloneAsksForTheUsage() throws CliFailure {
        assertEquals(Command.HELP, CliArguments.parse("--help").command());
    }

    @Test
    void versionAloneAsksForTheVersion() throws CliFailure {
        assertEquals(Command.VERSION, CliArguments.parse("--version").command());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "''                              | no command given",
            "stop 12                         | unknown command 'stop'",
            "status                          | the PID of the JVM to talk to is missing",
            "status abc                      | a PID is a positive whole number, got 'abc'",
            "status 0                        | a PID is a positive whole number, got '0'",
            "status 12 13                    | one PID only",
            "status --carrier                | --carrier needs a value",
            "status --verbose x 12           | unknown option --verbose",
            "reset --reason because 12       | --reason goes with trip and block only",
            "policies --carrier fedex 12     | --carrier goes with status and trip and reset and invalidate and block only",
            "status --carrier a --carrier b 1| --carrier given twice",
            "block --reason why 12           | block needs --carrier ID",
            "block --carrier fedex 12        | block needs --reason TEXT",
            "block --carrier fedex --reason r --for 10 12 | --for: \"10\" has no unit",
            "block --carrier fedex --reason r --header X 12 | --header takes NAME=VALUE, got 'X'",
            "unblock 12                      | unblock takes the block's id and the PID, got 12",
            "unblock                         | unblock takes the block's id and the PID, got neither",
            "reload 12 13                    | one PID only, got 12 and 13",
            "attach 12                       | attach needs --config FILE",
            "attach --config a,b 12          | --config: the agent cannot be given a path holding a comma, got 'a,b'",
            "attach --config f --trip=yes 12 | --trip takes no value",
            "attach --config f --trip --trip 12 | --trip given twice",
            "trip --trip 12                  | --trip goes with attach only"})
    void aWrongCommandLineIsAUsageErrorSayingWhatIsWrong(String line, String problem) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        CliFailure failure = assertThrows(CliFailure.class, () -> CliArguments.parse(args));

        assertEquals(CliFailure.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().startsWith(problem), failure.getMessage());
        assertTrue(failure.getMessage().endsWith(CliArguments.USAGE), "and shows the usage on the same line");
    }

    @Test
    void policiesAndReloadTakeAPid() throws CliFailure {
        assertEquals(new CliArguments(Command.POLICIES, null, null, 12, null, null, null, null, false), CliArguments.parse("policies", "12"));
        assertEquals(new CliArguments(Command.RELOAD, null, null, 12, null, null, null, null, false), CliArguments.parse("reload", "12"));
    }

    @Test
    void blockTakesItsCarrierConditionsDurationAndReason() throws CliFailure {
        assertEquals(new CliArguments(Command.BLOCK, "fedex", "runaway batch", 12,
                        new CliArguments.Block("POST", "/ship/**", "X-Tenant=acme", "10m"), null, null, null, false),
                CliArguments.parse("block", "--carrier", "fedex", "--method", "POST", "--path", "/ship/**",
                        "--header=X-Tenant=acme", "--for", "10m", "--reason", "runaway batch", "12"));
        assertEquals(new CliArguments(Command.BLOCK, "*", "incident", 12, new CliArguments.Block(null, null, null, null),
                null, null, null, false), CliArguments.parse("block", "12", "--carrier=*", "--reason=incident"));
    }

    @Test
    void unblockTakesTheIdThenThePid() throws CliFailure {
        assertEquals(new CliArguments(Command.UNBLOCK, null, null, 12, null, "b3", null, null, false), CliArguments.parse("unblock", "b3", "12"));
    }

    @Test
    void attachTakesTheConfigFileAndTripsOnlyWhenAsked() throws CliFailure {
        assertEquals(new CliArguments(Command.ATTACH, null, null, 12, null, null, new CliArguments.Attach("/etc/tg.properties", false), null, false),
                CliArguments.parse("attach", "12", "--config", "/etc/tg.properties"));
        assertEquals(new CliArguments(Command.ATTACH, null, null, 12, null, null, new CliArguments.Attach("tg.properties", true), null, false),
                CliArguments.parse("attach", "--trip", "--config=tg.properties", "12"));
    }
}
