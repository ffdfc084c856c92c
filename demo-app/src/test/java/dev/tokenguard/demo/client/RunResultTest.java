package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunResultTest {

    @Test
    void resultLinesOfSeveralInstancesAddUp() throws Exception {
        RunResult a = new RunResult(10, 4, Map.of("auth", 2L), Map.of("200", 4L, "403", 1L), Map.of("200", 10L, "401", 6L));
        RunResult b = new RunResult(5, 1, Map.of("forbidden", 3L), Map.of("403", 7L), Map.of("403", 3L));

        RunResult sum = RunResult.fromResultLine(a.toResultLine()).plus(RunResult.fromResultLine(b.toResultLine()));

        assertEquals(15, sum.ok());
        assertEquals(5, sum.waited());
        assertEquals(2, sum.failed(Failure.AUTH));
        assertEquals(3, sum.failed(Failure.FORBIDDEN));
        assertEquals(12, sum.tokenRequests());
        assertEquals(8, sum.tokenRequestsNon200());
        assertEquals(19, sum.apiRequests());
    }

    @Test
    void theResultLineIsJsonWithEveryFailureReason() {
        String line = RunResult.empty().toResultLine();

        assertEquals("RESULT {\"ok\":0,\"waited\":0,\"failed\":{\"auth\":0,\"forbidden\":0,\"throttled\":0,\"server\":0,\"io\":0,"
                + "\"refused-by-agent\":0,\"other\":0},\"failedTotal\":0,\"tokenRequests\":0,\"tokenRequestsNon200\":0,"
                + "\"tokenRequestsByStatus\":{},\"apiRequests\":0,\"apiRequestsByStatus\":{}}", line);
    }
}
