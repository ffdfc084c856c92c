package dev.tokenguard.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenguard.demo.client.http.HttpReply;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void aSuccessIsNoFailure() {
        assertTrue(Failure.of(new HttpReply(200, Map.of(), "{}")).isEmpty());
    }

    @Test
    void statusesMapToTheSeedsFailureReasons() {
        assertEquals(Optional.of(Failure.AUTH), Failure.of(new HttpReply(401, Map.of(), "")));
        assertEquals(Optional.of(Failure.FORBIDDEN), Failure.of(new HttpReply(403, Map.of(), "")));
        assertEquals(Optional.of(Failure.THROTTLED), Failure.of(new HttpReply(429, Map.of(), "")));
        assertEquals(Optional.of(Failure.SERVER), Failure.of(new HttpReply(503, Map.of(), "")));
        assertEquals(Optional.of(Failure.OTHER), Failure.of(new HttpReply(400, Map.of(), "")));
    }

    @Test
    void anAgentsSyntheticRefusalIsRefusedByAgentWhateverItsStatus() {
        HttpReply refusal = new HttpReply(503, Map.of("x-tokenguard", "refused", "retry-after", "30"), "");

        assertEquals(Optional.of(Failure.REFUSED_BY_AGENT), Failure.of(refusal));
    }
}
