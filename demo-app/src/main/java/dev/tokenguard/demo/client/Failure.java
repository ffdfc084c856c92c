package dev.tokenguard.demo.client;

import dev.tokenguard.demo.client.http.HttpReply;
import java.util.Optional;

/** Why a user's call failed, as the RESULT line names it. */
public enum Failure {
    /** 401 still after the retries: the seed's "Issue with authentication. Please try again later." */
    AUTH("auth"),
    /** 403: what FedEx answers to everything from a banned IP address. */
    FORBIDDEN("forbidden"),
    /** 429: a quota. */
    THROTTLED("throttled"),
    /** 5xx from the carrier. */
    SERVER("server"),
    /** No response: connection refused, reset or timed out. */
    IO("io"),
    /** The agent answered instead of the carrier (its responses carry {@code X-Tokenguard}). */
    REFUSED_BY_AGENT("refused-by-agent"),
    /** Any other status, or a token response the client could not read. */
    OTHER("other");

    /** The header field the agent puts on every response it makes up itself. */
    static final String AGENT_HEADER = "X-Tokenguard";

    private final String reason;

    Failure(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Empty for a 2xx reply; otherwise the reason the user's call fails with this reply. */
    static Optional<Failure> of(HttpReply reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return Optional.empty();
        }
        if (reply.header(AGENT_HEADER) != null) {
            return Optional.of(REFUSED_BY_AGENT);
        }
        if (status == 401) {
            return Optional.of(AUTH);
        }
        if (status == 403) {
            return Optional.of(FORBIDDEN);
        }
        if (status == 429) {
            return Optional.of(THROTTLED);
        }
        return Optional.of(status >= 500 ? SERVER : OTHER);
    }
}
