package dev.tokenguard.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code status --json}: valid JSON holding every figure of the table, the mode and the would-be figures. */
class StatusJsonTest {

    @Test
    void everyFigureIsThereAndParses() throws Exception {
        CarrierStatus fedex = new CarrierStatus("fedex", "TRIPPED", "ban detected: \"403\"", 540, "3f2a9c1e", 3542, 480, 12,
                19, 3, 1, 2, 4, 7, 1, "kill-switch=7, rate-limit=0", new WouldBeStatus(480, 2, 450, 20, 8, 5, 1, 1, 0));

        JsonNode json = new ObjectMapper().readTree(StatusJson.of(4242, "observe", List.of(fedex)));

        assertEquals(4242, json.get("pid").asLong());
        assertEquals("observe", json.get("mode").asText());
        JsonNode c = json.get("carriers").get("fedex");
        assertEquals("TRIPPED", c.get("killSwitch").get("state").asText());
        assertEquals("ban detected: \"403\"", c.get("killSwitch").get("reason").asText());
        assertEquals(540, c.get("killSwitch").get("remainingSeconds").asLong());
        assertEquals("3f2a9c1e", c.get("tokenFingerprint").asText());
        assertEquals(3542, c.get("tokenExpiresInSeconds").asLong());
        assertEquals(480, c.get("realTokenCalls").asLong());
        assertEquals(12, c.get("suppressedRenewals").asLong());
        assertEquals(19, c.get("coalescedWaiters").asLong());
        assertEquals(3, c.get("rateLimitedRenewals").asLong());
        assertEquals(1, c.get("unauthorized").asLong());
        assertEquals(2, c.get("upgraded").asLong());
        assertEquals(4, c.get("replayed").asLong());
        assertEquals(7, c.get("refused").asLong());
        assertEquals(1, c.get("bansDetected").asLong());
        assertEquals(7, c.get("refusedByReason").get("kill-switch").asLong());
        assertEquals(0, c.get("refusedByReason").get("rate-limit").asLong());
        JsonNode w = c.get("wouldBe");
        assertEquals(List.of(480L, 2L, 450L, 20L, 8L, 1L, 1L, 5L, 0L), List.of(w.get("observedTokenRequests").asLong(),
                w.get("tokenCalls").asLong(), w.get("suppressed").asLong(), w.get("coalesced").asLong(),
                w.get("heldBack").asLong(), w.get("bansSeen").asLong(), w.get("killSwitchTrips").asLong(),
                w.get("killSwitchRefusals").asLong(), w.get("policyRefusals").asLong()));
    }

    @Test
    void noTokenAndNoModeAreNull() throws Exception {
        CarrierStatus ups = new CarrierStatus("ups", "OFF", "", 0, "", -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, "",
                new WouldBeStatus(0, 0, 0, 0, 0, 0, 0, 0, 0));

        JsonNode json = new ObjectMapper().readTree(StatusJson.of(1, null, List.of(ups)));

        assertEquals(true, json.get("mode").isNull());
        assertEquals(true, json.get("carriers").get("ups").get("tokenFingerprint").isNull());
        assertEquals(0, json.get("carriers").get("ups").get("refusedByReason").size());
    }
}
