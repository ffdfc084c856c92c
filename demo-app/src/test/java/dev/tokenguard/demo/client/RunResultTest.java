package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunResultTest {

    @Test
    void resultLinesOfSeveralInstancesAddUp() throws Exception {
        RunResult a = new RunResult(10, Map.of("1", 3L, "70", 1L), Map.of("auth", 2L), Map.of("200", 4L, "403", 1L),
                Map.of("200", 10L, "401", 6L));
        RunResult b = new RunResult(5, Map.of("70", 1L), Map.of("forbidden", 3L), Map.of("403", 7L), Map.of("403", 3L));

        RunResult sum = RunResult.fromResultLine(a.toResultLine()).plus(RunResult.fromResultLine(b.toResultLine()));

        assertEquals(15, sum.ok());
        assertEquals(2, sum.servedSlowerThan(50));
        assertEquals(2, sum.failed(Failure.AUTH));
        assertEquals(3, sum.failed(Failure.FORBIDDEN));
        assertEquals(12, sum.tokenRequests());
        assertEquals(8, sum.tokenRequestsNon200());
        assertEquals(19, sum.apiRequests());
    }

    @Test
    void theMedianServedCallIsTheMiddleOneInMillisecondOrder() {
        RunResult result = new RunResult(5, Map.of("9", 2L, "10", 2L, "300", 1L), Map.of(), Map.of(), Map.of());

        assertEquals(10, result.medianServedMillis());
        assertEquals(0, RunResult.empty().medianServedMillis());
    }

    @Test
    void theResultLineIsJsonWithEveryFailureReason() {
        String line = RunResult.empty().toResultLine();

        assertEquals("RESULT {\"ok\":0,\"servedMillis\":{},\"failed\":{\"auth\":0,\"forbidden\":0,\"throttled\":0,\"server\":0,\"io\":0,"
                + "\"refused-by-agent\":0,\"other\":0},\"failedTotal\":0,\"tokenRequests\":0,\"tokenRequestsNon200\":0,"
                + "\"tokenRequestsByStatus\":{},\"apiRequests\":0,\"apiRequestsByStatus\":{}}", line);
    }
}
