package dev.tokenguard.agent.library;

import dev.tokenguard.agent.ScriptedGuard;
import dev.tokenguard.agent.ScriptedGuard.NamedExchange;
import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import java.util.List;
import java.util.stream.Stream;

/** The decisions the client libraries' tests script, and what they read back from the guard. */
public final class GuardScripts {

    private GuardScripts() {}

    /** A cached token, as agent-core answers a suppressed renewal. */
    public static Decision tokenAnswer(String json) {
        return ScriptedGuard.answer(200, "OK", json,
                "Content-Type", "application/json", "Cache-Control", "no-store");
    }

    /** A refusal, as agent-core answers when its limiter or kill-switch says no. */
    public static Decision refusal(int retryAfterSeconds) {
        return ScriptedGuard.answer(503, "Service Unavailable", "{\"error\":\"refused\"}",
                "Content-Type", "application/json", "Retry-After", Integer.toString(retryAfterSeconds),
                "X-Tokenguard", "refused; reason=token-rate");
    }

    public static AfterResponse replayWith(String exchange, String field, String value) {
        return new AfterResponse.Replay(HttpHeaders.EMPTY.with(field, value), new NamedExchange(exchange));
    }

    /** What the adapter reported, in order: {@code "<exchange> <status>"} or {@code "<exchange> failed"}. */
    public static List<String> reports(ScriptedGuard guard) {
        return Stream.concat(
                        guard.responses.stream().map(r -> ((NamedExchange) r.exchange()).name() + " " + r.status()),
                        guard.failures.stream().map(f -> ((NamedExchange) f.exchange()).name() + " failed"))
                .toList();
    }
}
