package dev.tokenguard.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonObjectReaderTest {

    private static Map<String, JsonValue> read(String json) throws JsonException {
        return JsonObjectReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        return assertThrows(JsonException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsAFlatTokenAnswerInOrder() throws JsonException {
        Map<String, JsonValue> members = read(
                " {\"access_token\" : \"abc\",\n\t\"token_type\":\"bearer\",\"expires_in\":3599,\"scope\":\"CXS\"}\r\n");

        assertEquals(List.of("access_token", "token_type", "expires_in", "scope"), List.copyOf(members.keySet()));
        assertEquals(new JsonValue.Text("abc"), members.get("access_token"));
        assertEquals(new JsonValue.Number("3599"), members.get("expires_in"));
    }

    @Test
    void decodesEveryEscape() throws JsonException {
        assertEquals(new JsonValue.Text("\" \\ / \b \f \n \r \t é"),
                read("{\"s\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9\"}").get("s"));
    }

    @Test
    void joinsASurrogatePairWrittenAsTwoEscapes() throws JsonException {
        assertEquals(new JsonValue.Text("😀"), read("{\"s\":\"\\ud83d\\ude00\"}").get("s"));
    }

    @Test
    void readsUtf8AsWritten() throws JsonException {
        assertEquals(new JsonValue.Text("Zürich 😀"), read("{\"s\":\"Zürich 😀\"}").get("s"));
    }

    @Test
    void decodesEscapedMemberNames() throws JsonException {
        assertEquals(new JsonValue.Number("1"), read("{\"expires\\u005fin\":1}").get("expires_in"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "3599", "-12", "1.5", "0.25", "1e3", "1E+3", "2.5e-3", "123456789012345678901234567890"})
    void keepsNumbersAsWritten(String number) throws JsonException {
        assertEquals(new JsonValue.Number(number), read("{\"n\":" + number + "}").get("n"));
    }

    @Test
    void keepsNestedValuesAndLiteralsAsTheirText() throws JsonException {
        Map<String, JsonValue> members = read(
                "{\"a\":{\"b\":[1,{\"c\":\"}]\"},[]],\"d\":{}},\"t\":true,\"f\":false,\"n\":null,\"e\":[],\"z\":2}");

        assertEquals(new JsonValue.Raw("{\"b\":[1,{\"c\":\"}]\"},[]],\"d\":{}}"), members.get("a"));
        assertEquals(new JsonValue.Raw("true"), members.get("t"));
        assertEquals(new JsonValue.Raw("false"), members.get("f"));
        assertEquals(new JsonValue.Raw("null"), members.get("n"));
        assertEquals(new JsonValue.Raw("[]"), members.get("e"));
        assertEquals(new JsonValue.Number("2"), members.get("z"), "the member after the nested ones");
    }

    @Test
    void readsAnEmptyObject() throws JsonException {
        assertEquals(Map.of(), read(" { } "));
    }

    @Test
    void aNameGivenTwiceKeepsItsFirstPlaceAndItsLastValue() throws JsonException {
        Map<String, JsonValue> members = read("{\"a\":1,\"b\":2,\"a\":3}");

        assertEquals(List.of("a", "b"), List.copyOf(members.keySet()));
        assertEquals(new JsonValue.Number("3"), members.get("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "\"s\"", "3599", "null"})
    void refusesAnythingButAnObject(String json) {
        failure(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} x", "{\"a\":1}{}", "{\"a\":1},", "{\"a\":1}}"})
    void refusesContentAfterTheObject(String json) {
        int after = json.indexOf('}') + 1;
        while (json.charAt(after) == ' ') {
            after++;
        }
        assertEquals("unexpected content after the object at offset " + after, failure(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "{\"a\":\"tok", "{\"a\":\"tok\\",
            "{\"a\":\"\\u12", "{\"a\":[1,", "{\"a\":{\"b\":", "{\"a\":tr", "{\"a\":-"})
    void refusesTruncatedInput(String json) {
        failure(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a:1}", "{'a':1}", "{\"a\" 1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\":[1,]}",
            "{\"a\":[1 2]}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}",
            "{\"a\":Infinity}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}",
            "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":1}//", "{\"a\":undefined}"})
    void refusesWhatIsNotStrictJson(String json) {
        failure(json);
    }

    @Test
    void refusesInputThatIsNotUtf8() {
        byte[] latin1 = "{\"s\":\"Zürich\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertEquals("not UTF-8 at offset 0", assertThrows(JsonException.class, () -> JsonObjectReader.read(latin1))
                .getMessage());
    }

    @Test
    void refusesNestingDeeperThanItsLimit() throws JsonException {
        int depth = JsonObjectReader.MAX_DEPTH;
        read("{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}");

        failure("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        failure("{\"a\":" + "[".repeat(100_000));
    }

    @Test
    void aFailureTellsWhereButNeverWhatTheInputHeld() {
        String token = "eyJhbGciOiJSUzI1NiJ9.secret-token-value";

        String message = failure("{\"access_token\":\"" + token + "\",\"expires_in\":3599 " + token + "}");

        assertEquals("expected ',' or '}' at offset " + ("{\"access_token\":\"" + token + "\",\"expires_in\":3599 ").length(),
                message);
        assertFalse(message.contains("secret"), message);
    }
}
