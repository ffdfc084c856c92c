package dev.tokenguard.agent;

import dev.tokenguard.core.http.AfterResponse;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.http.RequestGuard;
import dev.tokenguard.core.http.SyntheticResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link RequestGuard} whose decisions a test scripts, and which records what the adapter told it:
 * the adapters are under test, not agent-core.
 */
public final class ScriptedGuard implements RequestGuard {

    /** An exchange with a name, so that a test can tell which request a report was about. */
    public record NamedExchange(String name) implements Exchange {}

    /** @param replays what the adapter said it can do with a replay */
    public record Reported(Exchange exchange, int status, HttpHeaders headers, Replays replays) {}

    public record Failed(Exchange exchange, Throwable error) {}

    private final Set<String> carriers = ConcurrentHashMap.newKeySet();
    private volatile Function<OutboundRequest, Decision> decide = request -> Decision.PASS;
    private volatile Function<Reported, AfterResponse> afterResponse = reported -> AfterResponse.DONE;
    public final List<OutboundRequest> decided = new CopyOnWriteArrayList<>();
    public final List<Reported> responses = new CopyOnWriteArrayList<>();
    public final List<Failed> failures = new CopyOnWriteArrayList<>();

    public ScriptedGuard reset() {
        carriers.clear();
        decide = request -> Decision.PASS;
        afterResponse = reported -> AfterResponse.DONE;
        decided.clear();
        responses.clear();
        failures.clear();
        return this;
    }

    public ScriptedGuard carrier(String host, int port) {
        carriers.add(host + ":" + port);
        return this;
    }

    public ScriptedGuard decide(Function<OutboundRequest, Decision> decision) {
        this.decide = decision;
        return this;
    }

    public ScriptedGuard afterResponse(Function<Reported, AfterResponse> after) {
        this.afterResponse = after;
        return this;
    }

    public static Decision.Proceed proceedWith(String name, String field, String value) {
        return new Decision.Proceed(HttpHeaders.builder().set(field, value).build(), new NamedExchange(name));
    }

    public static Decision.Answer answer(int status, String reason, String body, String... fields) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (int i = 0; i < fields.length; i += 2) {
            headers.add(fields[i], fields[i + 1]);
        }
        return new Decision.Answer(
                new SyntheticResponse(status, reason, headers.build(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean isCarrierHost(String host, int port) {
        return carriers.contains(host + ":" + port);
    }

    @Override
    public Decision decide(OutboundRequest request) {
        decided.add(request);
        return decide.apply(request);
    }

    /** The same script; a test that wants {@link Decision.Later} scripts one. */
    @Override
    public Decision decideWithoutBlocking(OutboundRequest request) {
        return decide(request);
    }

    @Override
    public AfterResponse onResponse(Exchange exchange, int status, HttpHeaders responseHeaders, Replays replays) {
        Reported reported = new Reported(exchange, status, responseHeaders, replays);
        responses.add(reported);
        return afterResponse.apply(reported);
    }

    @Override
    public void onFailure(Exchange exchange, Throwable error) {
        failures.add(new Failed(exchange, error));
    }
}
