package dev.tokenguard.core.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON object (RFC 8259, UTF-8) into its members, strictly: anything but exactly one object,
 * with nothing after it but whitespace, is a {@link JsonException}. Token answers are flat objects,
 * so members are kept one level deep ({@link JsonValue}); nested values are checked and kept as text.
 * A name given twice keeps its first place and its last value. Agent-core's own reader rather than a
 * JSON library: a library costs the first token call hundreds of classes to load for a few fields.
 */
public final class JsonObjectReader {
    /**
     * Deeper nesting is refused: the reader recurses, and a carrier's answer that nests this deep is
     * not a token answer.
     */
    static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private JsonObjectReader(String text) {
        this.text = text;
    }

    /** The members of the object {@code utf8} holds, in the order written. */
    public static Map<String, JsonValue> read(byte[] utf8) throws JsonException {
        JsonObjectReader reader = new JsonObjectReader(decode(utf8));
        reader.skipWhitespace();
        if (reader.peek() != '{') {
            throw reader.error(reader.atEnd() ? "no JSON object" : "expected a JSON object");
        }
        Map<String, JsonValue> members = new LinkedHashMap<>();
        reader.object(1, members);
        reader.skipWhitespace();
        if (!reader.atEnd()) {
            throw reader.error("unexpected content after the object");
        }
        return members;
    }

    private static String decode(byte[] utf8) throws JsonException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not UTF-8", 0);
        }
    }

    /** At '{'; reads up to and including the matching '}', into {@code members} if not null. */
    private void object(int depth, Map<String, JsonValue> members) throws JsonException {
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue value = value(depth);
            if (members != null) {
                members.put(name, value);
            }
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() == '}') {
                pos++;
                return;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    /** At '['; reads up to and including the matching ']'. */
    private void array(int depth) throws JsonException {
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() == ']') {
                pos++;
                return;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    /** A value inside a container at {@code depth}. */
    private JsonValue value(int depth) throws JsonException {
        int start = pos;
        int c = peek();
        if (c == '"') {
            return new JsonValue.Text(string());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            number();
            return new JsonValue.Number(text.substring(start, pos));
        }
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            if (c == '{') {
                object(depth + 1, null);
            } else {
                array(depth + 1);
            }
            return new JsonValue.Raw(text.substring(start, pos));
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, pos)) {
                pos += literal.length();
                return new JsonValue.Raw(literal);
            }
        }
        throw error(atEnd() ? "unexpected end of input" : "expected a value");
    }

    /** At '"'; returns the string's value and moves past its closing quote. */
    private String string() throws JsonException {
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return value.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    /** At a backslash; returns the character it stands for, moving past the escape. */
    private char escape() throws JsonException {
        if (pos + 1 >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case '"', '\\', '/' -> {
                return c;
            }
            case 'b' -> {
                return '\b';
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'u' -> {
                // A surrogate pair is two escapes, each one UTF-16 unit: appended in turn they make the pair.
                int unit = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
                    if (digit < 0) {
                        throw error("bad \\u escape");
                    }
                    unit = unit * 16 + digit;
                    pos++;
                }
                return (char) unit;
            }
            default -> {
                pos -= 2;
                throw error("bad escape");
            }
        }
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws JsonException {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("bad number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("bad number");
            }
        }
    }

    /** Moves past a run of digits; false if there was none. */
    private boolean digits() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
            pos++;
        }
    }

    /** The next character, or -1 at the end. */
    private int peek() {
        return atEnd() ? -1 : text.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private JsonException error(String problem) {
        return new JsonException(problem, pos);
    }
}
