package dev.tokenguard.demo.client.http;

import java.util.Locale;
import java.util.Map;

/**
 * A response as the client saw it, whether it came from the carrier or from an agent standing in
 * for it.
 *
 * @param headers the first value of each header field, names in lower case
 */
public record HttpReply(int status, Map<String, String> headers, String body) {

    public HttpReply {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
