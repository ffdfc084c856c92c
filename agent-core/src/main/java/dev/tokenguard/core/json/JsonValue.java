package dev.tokenguard.core.json;

/**
 * A member's value in a {@link JsonObjectReader JSON object}: strings decoded, numbers as written,
 * anything else (objects, arrays, {@code true}, {@code false}, {@code null}) kept as its JSON text,
 * which is all a token answer needs to be read and written back.
 */
public sealed interface JsonValue {

    /** A string, its escapes decoded. */
    record Text(String value) implements JsonValue {
        @Override
        public String toString() {
            return "Text[" + value.length() + " chars]"; // the value may be a token
        }
    }

    /** A number, exactly as written: {@code 3599}, {@code -1.5e3}. */
    record Number(String literal) implements JsonValue {}

    /** An object, an array or a literal name, as its (valid) JSON text. */
    record Raw(String json) implements JsonValue {
        @Override
        public String toString() {
            return "Raw[" + json.length() + " chars]";
        }
    }
}
