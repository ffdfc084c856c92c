package dev.tokenguard.demo.client;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * demo.sh's closing table for {@code --scenario api-burst}: users spending the carrier's API quota,
 * one column per run. Arguments: {@code CARRIER API_RATE TITLE=DIR...}, API_RATE as the simulator
 * was given it ({@code 100/2s}), each DIR a {@link RunColumn}, the run without the agent first.
 *
 * <p>"Waited" needs a yardstick: how long the carrier and this machine take to serve a call when
 * nothing queues it. That is the median served call of the first run (without the agent); a call
 * served more than {@link #WAIT_MARGIN_MILLIS} later than that waited, in any run.
 */
public final class ApiBurstTable {

    static final long WAIT_MARGIN_MILLIS = 50;

    private ApiBurstTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ApiBurstTable CARRIER API_RATE TITLE=DIR...");
            System.exit(2);
        }
        print(args, System.out);
    }

    /** The table for {@code CARRIER API_RATE TITLE=DIR...}, and what its user rows mean. */
    static void print(String[] args, PrintStream out) throws IOException {
        List<RunColumn> columns = RunColumn.fromArgs(args[0], args, 2);
        long baseline = columns.get(0).users().medianServedMillis();
        long waitedOver = baseline + WAIT_MARGIN_MILLIS;
        TablePrinter table = new TablePrinter(columns, out);
        table.header();
        table.section("carrier saw (quota " + args[1] + " per client id)");
        table.carrierRow("  API calls admitted", s -> s.path("apiQuota").path("admitted").asText("?"));
        table.carrierRow("  429s sent", s -> s.path("apiCallsByStatus").path("429").asText("0"));
        table.carrierRow("  most calls in one window", s -> s.path("apiQuota").path("peakCallsPerWindow").asText("?"));
        table.section("users saw");
        table.userRow("  calls ok", RunResult::ok);
        table.userRow("    of which waited", users -> users.servedSlowerThan(waitedOver));
        table.userRow("  calls refused locally", users -> users.failed(Failure.REFUSED_BY_AGENT));
        table.userRow("  calls failed on a carrier 429", users -> users.failed(Failure.THROTTLED));
        table.userRow("  calls failed otherwise", ApiBurstTable::failedOtherwise);
        out.println();
        out.printf("waited: the carrier served the call after an API request of over %d ms: %d ms more than the%n",
                waitedOver, WAIT_MARGIN_MILLIS);
        out.printf("median served call of the run %s (%d ms), so time spent queueing for room in the%n",
                columns.get(0).title(), baseline);
        out.println("agent's quota, or a busy machine (the first column shows how much of that there is).");
        out.println("refused locally: answers carrying X-Tokenguard, made by the agent without sending the call.");
    }

    private static long failedOtherwise(RunResult users) {
        return users.failedTotal() - users.failed(Failure.REFUSED_BY_AGENT) - users.failed(Failure.THROTTLED);
    }
}
