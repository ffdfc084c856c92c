package dev.tokenguard.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonObjectWriterTest {

    private static String write(Map<String, JsonValue> members) {
        return new String(JsonObjectWriter.write(members), StandardCharsets.UTF_8);
    }

    @Test
    void writesMembersCompactlyInOrder() {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        members.put("access_token", new JsonValue.Text("abc"));
        members.put("expires_in", new JsonValue.Number("3599"));
        members.put("nested", new JsonValue.Raw("{\"a\": [1, true]}"));
        members.put("flag", new JsonValue.Raw("null"));

        assertEquals("{\"access_token\":\"abc\",\"expires_in\":3599,\"nested\":{\"a\": [1, true]},\"flag\":null}",
                write(members));
    }

    @Test
    void writesAnEmptyObject() {
        assertEquals("{}", write(Map.of()));
    }

    @Test
    void escapesQuotesBackslashesControlsAndAllButPrintableAscii() {
        assertEquals("{\"k\\\"\":\"\\\" \\\\ \\u000a \\u0000 \\u00e9 \\ud83d\\ude00 \\u007f /\"}",
                write(Map.of("k\"", new JsonValue.Text("\" \\ \n \u0000 é 😀 \u007f /"))));
    }

    @Test
    void whatItWritesReadsBackTheSame() throws JsonException {
        String json = "{\"s\":\"\\\"q\\\" \\\\ \\u0009 \\u00e9 \\ud83d\\ude00 \\udc00 lone\",\"n\":-1.5e3,"
                + "\"o\":{\"x\":[\"y\",{}]},\"b\":false}";
        Map<String, JsonValue> members = JsonObjectReader.read(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(members, JsonObjectReader.read(JsonObjectWriter.write(members)));
        assertEquals(json, write(members));
    }
}
