package dev.tokenguard.agent.cli;

import dev.tokenguard.core.json.JsonObjectWriter;
import dev.tokenguard.core.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status --json}: every figure {@code status} shows, as one JSON object on one line, for
 * scripts. Counts are numbers; fingerprints and reasons strings; {@code refusedByReason} an object
 * of every kind; {@code wouldBe} the observe-mode figures. {@code mode} is null for an agent
 * without one.
 */
final class StatusJson {

    private StatusJson() {}

    static String of(long pid, String mode, List<CarrierStatus> carriers) {
        Map<String, JsonValue> status = new LinkedHashMap<>();
        status.put("pid", number(pid));
        status.put("mode", mode == null ? new JsonValue.Raw("null") : new JsonValue.Text(mode));
        Map<String, JsonValue> byId = new LinkedHashMap<>();
        carriers.forEach(c -> byId.put(c.id(), object(carrier(c))));
        status.put("carriers", object(byId));
        return new String(JsonObjectWriter.write(status), StandardCharsets.UTF_8);
    }

    private static Map<String, JsonValue> carrier(CarrierStatus c) {
        Map<String, JsonValue> killSwitch = new LinkedHashMap<>();
        killSwitch.put("state", new JsonValue.Text(c.killSwitchState()));
        killSwitch.put("reason", new JsonValue.Text(c.killSwitchReason()));
        killSwitch.put("remainingSeconds", number(c.killSwitchRemainingSeconds()));
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("killSwitch", object(killSwitch));
        m.put("tokenFingerprint", c.tokenFingerprint().isEmpty() ? new JsonValue.Raw("null") : new JsonValue.Text(c.tokenFingerprint()));
        m.put("tokenExpiresInSeconds", number(c.tokenExpiresInSeconds()));
        m.put("realTokenCalls", number(c.realTokenCalls()));
        m.put("suppressedRenewals", number(c.suppressedRenewals()));
        m.put("coalescedWaiters", number(c.coalescedWaiters()));
        m.put("rateLimitedRenewals", number(c.rateLimitedRenewals()));
        m.put("unauthorized", number(c.unauthorized()));
        m.put("upgraded", number(c.upgraded()));
        m.put("replayed", number(c.replayed()));
        m.put("refused", number(c.refused()));
        m.put("bansDetected", number(c.bansDetected()));
        m.put("refusedByReason", object(refusedByReason(c.refusedByReason())));
        WouldBeStatus w = c.wouldBe();
        Map<String, JsonValue> wouldBe = new LinkedHashMap<>();
        wouldBe.put("observedTokenRequests", number(w.observedTokenRequests()));
        wouldBe.put("tokenCalls", number(w.tokenCalls()));
        wouldBe.put("suppressed", number(w.suppressed()));
        wouldBe.put("coalesced", number(w.coalesced()));
        wouldBe.put("heldBack", number(w.heldBack()));
        wouldBe.put("bansSeen", number(w.bansSeen()));
        wouldBe.put("killSwitchTrips", number(w.killSwitchTrips()));
        wouldBe.put("killSwitchRefusals", number(w.killSwitchRefusals()));
        wouldBe.put("policyRefusals", number(w.policyRefusals()));
        m.put("wouldBe", object(wouldBe));
        return m;
    }

    /** The bean's {@code kind=count, ...}, every kind with its count. */
    private static Map<String, JsonValue> refusedByReason(String text) {
        Map<String, JsonValue> kinds = new LinkedHashMap<>();
        for (String pair : text.split(", ")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                kinds.put(pair.substring(0, equals), new JsonValue.Number(pair.substring(equals + 1)));
            }
        }
        return kinds;
    }

    private static JsonValue number(long n) {
        return new JsonValue.Number(Long.toString(n));
    }

    private static JsonValue object(Map<String, JsonValue> members) {
        return new JsonValue.Raw(new String(JsonObjectWriter.write(members), StandardCharsets.UTF_8));
    }
}
