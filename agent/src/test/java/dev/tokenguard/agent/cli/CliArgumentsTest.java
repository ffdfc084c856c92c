package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.agent.cli.CliArguments.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code status|trip|reset [--carrier ID] [--reason TEXT] PID}. */
class CliArgumentsTest {

    @Test
    void statusTakesAPid() throws CliFailure {
        assertEquals(new CliArguments(Command.STATUS, null, null, 4242), CliArguments.parse("status", "4242"));
    }

    @Test
    void optionsComeBeforeOrAfterThePidWithOrWithoutAnEqualsSign() throws CliFailure {
        CliArguments expected = new CliArguments(Command.TRIP, "fedex", "carrier outage", 7);

        assertEquals(expected, CliArguments.parse("trip", "--carrier", "fedex", "--reason", "carrier outage", "7"));
        assertEquals(expected, CliArguments.parse("trip", "7", "--reason=carrier outage", "--carrier=fedex"));
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
            "reset --reason because 12       | --reason goes with trip only"})
    void aWrongCommandLineIsAUsageErrorSayingWhatIsWrong(String line, String problem) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        CliFailure failure = assertThrows(CliFailure.class, () -> CliArguments.parse(args));

        assertEquals(CliFailure.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().startsWith(problem), failure.getMessage());
        assertTrue(failure.getMessage().endsWith(CliArguments.USAGE), "and shows the usage on the same line");
    }
}
