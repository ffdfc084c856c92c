package dev.tokenguard.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits properties text into numbered {@code key=value} lines; what the keys and values mean is
 * {@link ConfigParser}'s business. We read the lines ourselves rather than with
 * {@link java.util.Properties} to know each line's number and to see duplicate keys, which
 * {@code Properties} silently resolves to the last one.
 *
 * <p>The format: {@code key=value} or {@code key: value}, split at the first {@code =} or
 * {@code :}, with key and value trimmed; blank lines; comment lines starting with {@code #} or
 * {@code !}. Unlike {@code Properties}, backslashes are plain characters (a Windows path is written
 * as it is) and three things are refused rather than read differently: a line ending in a backslash
 * (a continuation in {@code Properties}), a value starting with {@code #} or holding a {@code #}
 * after whitespace (a comment at the end of a line, which {@code Properties} would take into the
 * value), and a key with whitespace in it ({@code key value}, which {@code Properties} accepts). A
 * value that must hold {@code " #"} can come through a {@code ${VAR}}.
 */
final class PropertiesLines {

    /**
     * One non-blank, non-comment line.
     *
     * @param key     null where the line has none
     * @param problem null for a well-formed line, else what is wrong; never holds the value
     */
    record Entry(int line, String key, String value, String problem) {
    }

    private PropertiesLines() {
    }

    static List<Entry> read(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && trimmed.charAt(0) != '#' && trimmed.charAt(0) != '!') {
                entries.add(entry(i + 1, trimmed));
            }
        }
        return entries;
    }

    private static Entry entry(int number, String line) {
        int separator = indexOfSeparator(line);
        String key = separator < 0 ? line : line.substring(0, separator).trim();
        String[] words = key.split("\\s+", 2);
        if (words.length > 1) {
            return new Entry(number, words[0], null, "separate the key from its value with '=' or ':'");
        }
        if (separator < 0) {
            return new Entry(number, null, null, "not a key=value line (no '=' or ':')");
        }
        if (key.isEmpty()) {
            return new Entry(number, null, null, "no key before '" + line.charAt(separator) + "'");
        }
        String value = line.substring(separator + 1).trim();
        if (line.endsWith("\\")) {
            return new Entry(number, key, null,
                    "line continuations (a '\\' at the end of a line) are not supported; write the value on one line");
        }
        if (value.startsWith("#") || value.matches("(?s).*\\s#.*")) {
            return new Entry(number, key, null,
                    "comments at the end of a line are not supported; put the comment on a line of its own");
        }
        return new Entry(number, key, value, null);
    }

    private static int indexOfSeparator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }
}
