package dev.tokenguard.demo.client.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Collects response header fields into {@link HttpReply}'s shape: first value, lower-case name. */
final class HeaderNames {

    private final Map<String, String> headers = new HashMap<>();

    void add(String name, String value) {
        if (name != null && value != null) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
    }

    Map<String, String> toMap() {
        return headers;
    }
}
