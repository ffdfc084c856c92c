package dev.tokenguard.agent;

import static dev.tokenguard.agent.ScriptedGuard.proceedWith;
import static dev.tokenguard.agent.library.GuardScripts.replayWith;

import dev.tokenguard.core.http.AfterResponse;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the JDK clients' tests, which need the bytes on the wire: a guard that knows one
 * carrier, a {@link RawHttpServer} for that carrier and one for a host that is not a carrier's.
 */
public abstract class RawCarrierFixture {

    protected static final String TOKEN_JSON = "{\"access_token\":\"cached\",\"token_type\":\"bearer\",\"expires_in\":3000}";

    protected ScriptedGuard guard;
    protected RawHttpServer carrier;
    protected RawHttpServer other;

    @BeforeEach
    void startCarrierAndOther() throws IOException {
        guard = TestAgent.guard();
        carrier = new RawHttpServer();
        other = new RawHttpServer();
        guard.carrier("127.0.0.1", carrier.port());
    }

    @AfterEach
    void stopCarrierAndOther() throws IOException {
        carrier.close();
        other.close();
    }

    /** The guard attaches {@code Bearer old} as exchange "first", and replays a 401 once as "replay" with {@code Bearer new}. */
    protected void scriptReplayOn401() {
        guard.decide(request -> proceedWith("first", "Authorization", "Bearer old"))
                .afterResponse(reported -> reported.status() == 401
                        ? replayWith("replay", "Authorization", "Bearer new")
                        : AfterResponse.DONE);
    }
}
