package dev.tokenguard.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scrape in the Prometheus text format (0.0.4) or OpenMetrics, parsed: each family's {@code TYPE}
 * and {@code HELP}, and every sample with its labels. Strict: a line it cannot read fails the test, so
 * a malformed exposition cannot pass unnoticed.
 */
public final class PrometheusScrape {

    public record Sample(String name, Map<String, String> labels, double value) {}

    /** By the family name the {@code TYPE} line gives. */
    public final Map<String, String> types = new LinkedHashMap<>();
    public final Map<String, String> helps = new LinkedHashMap<>();
    public final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape() {}

    public static PrometheusScrape parse(String text) {
        PrometheusScrape scrape = new PrometheusScrape();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.equals("# EOF")) {
                continue;
            }
            if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                (line.startsWith("# TYPE ") ? scrape.types : scrape.helps).put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (line.startsWith("#")) {
                throw new AssertionError("a comment the formats do not have: " + line);
            } else {
                scrape.samples.add(sample(line));
            }
        }
        return scrape;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 2;
        } else {
            name = line.substring(0, space);
            rest = space + 1;
        }
        String[] valueAndTime = line.substring(rest).split(" ");
        return new Sample(name, labels, Double.parseDouble(valueAndTime[0]));
    }

    /** The samples of {@code name} (as exposed: a counter's with {@code _total}) whose labels include {@code labels}. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The one sample of {@code name} with these labels among others. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + labels + ": " + found);
        }
        return found.stream().map(Sample::value).findFirst();
    }
}
