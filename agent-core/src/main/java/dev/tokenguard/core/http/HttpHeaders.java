package dev.tokenguard.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, ordered multimap of HTTP header fields whose names compare case-insensitively
 * (RFC 9110, section 5.1). The client-neutral form in which adapters hand headers to agent-core.
 */
public final class HttpHeaders {
    public static final HttpHeaders EMPTY = new HttpHeaders(Map.of());

    /** Keyed by lower-cased name; each entry keeps the name as first written and its values. */
    private final Map<String, Field> fields;

    private record Field(String name, List<String> values) {}

    private HttpHeaders(Map<String, Field> fields) {
        this.fields = fields;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Copies a client's header map (as {@code HttpURLConnection#getRequestProperties} gives one). */
    public static HttpHeaders of(Map<String, ? extends List<String>> map) {
        Builder b = builder();
        map.forEach((name, values) -> {
            if (name != null) {
                values.forEach(v -> b.add(name, v));
            }
        });
        return b.build();
    }

    /** The first value of the named field, or null. */
    public String first(String name) {
        Field f = fields.get(name.toLowerCase(Locale.ROOT));
        return f == null || f.values.isEmpty() ? null : f.values.get(0);
    }

    public List<String> all(String name) {
        Field f = fields.get(name.toLowerCase(Locale.ROOT));
        return f == null ? List.of() : f.values;
    }

    public boolean contains(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Field names as first written, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        fields.values().forEach(f -> names.add(f.name));
        return names;
    }

    /** A map from the field names as first written to their values, in order. */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        fields.values().forEach(f -> map.put(f.name, f.values));
        return Collections.unmodifiableMap(map);
    }

    /** A copy with the named field set to one value, replacing any it had. */
    public HttpHeaders with(String name, String value) {
        Builder b = toBuilder();
        b.set(name, value);
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        fields.forEach((k, f) -> b.fields.put(k, new Field(f.name, new ArrayList<>(f.values))));
        return b;
    }

    @Override
    public String toString() {
        // Names only: values may hold credentials.
        return "HttpHeaders" + names();
    }

    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(String name, String value) {
            fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Field(name, new ArrayList<>()))
                    .values.add(value);
            return this;
        }

        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            fields.remove(name.toLowerCase(Locale.ROOT));
            return this;
        }

        public HttpHeaders build() {
            Map<String, Field> copy = new LinkedHashMap<>();
            fields.forEach((k, f) -> copy.put(k, new Field(f.name, List.copyOf(f.values))));
            return new HttpHeaders(Collections.unmodifiableMap(copy));
        }
    }
}
