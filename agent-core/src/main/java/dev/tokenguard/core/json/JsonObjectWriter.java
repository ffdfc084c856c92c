package dev.tokenguard.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes members as {@link JsonObjectReader} reads them back: one compact JSON object, in UTF-8. */
public final class JsonObjectWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonObjectWriter() {}

    public static byte[] write(Map<String, JsonValue> members) {
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(name, json);
            json.append(':');
            if (value instanceof JsonValue.Text text) {
                quote(text.value(), json);
            } else if (value instanceof JsonValue.Number number) {
                json.append(number.literal());
            } else {
                json.append(((JsonValue.Raw) value).json());
            }
        });
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Everything outside printable ASCII is escaped, surrogates included, so that a string holding half
     * a pair (valid JSON, not valid UTF-8) is written as it was read.
     */
    private static void quote(String value, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                json.append("\\u");
                for (int shift = 12; shift >= 0; shift -= 4) {
                    json.append(HEX[(c >> shift) & 0xf]);
                }
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
