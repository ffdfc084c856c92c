package dev.tokenguard.agent;

import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.SyntheticResponse;

/** The header fields a synthetic answer is served with, in every client's form. */
public final class AnswerHeaders {

    private AnswerHeaders() {}

    /**
     * The answer's own fields, plus {@code Content-Length} where it has none: a real response
     * carries one, and applications size buffers or check completeness by it.
     */
    public static HttpHeaders of(SyntheticResponse response) {
        HttpHeaders headers = response.headers();
        return headers.contains("Content-Length")
                ? headers
                : headers.with("Content-Length", Integer.toString(response.body().length));
    }
}
