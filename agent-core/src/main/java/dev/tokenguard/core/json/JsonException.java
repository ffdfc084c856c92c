package dev.tokenguard.core.json;

/**
 * Input that is not the JSON expected. The message says what was wrong and at which offset, never
 * what the input held there: the input is a carrier's answer, with a token in it.
 */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String problem, int offset) {
        super(problem + " at offset " + offset);
    }
}
