package dev.tokenguard.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus JMX exporter's rules file, read and applied to live beans the way the exporter
 * applies it (its artifact is not to be had here, so this is the test's reading of its documented
 * behaviour): each readable attribute of each bean that {@code includeObjectNames} selects becomes the
 * text {@code domain<key=value, ...><>Attribute: value} (the bean's keys in the order they were
 * registered); the first rule whose pattern matches it anywhere ({@code ^.*(?:pattern).*$}) names the
 * sample, its labels and type; its value is the rule's {@code value} with capture groups replaced, or
 * the attribute's number, or 1/0 for a boolean; an attribute of another kind, or that no rule matches,
 * is not exported.
 */
public final class JmxExporterRules {

    public record Rule(Pattern pattern, String name, String type, String value, Map<String, String> labels, String help) {}

    /** One exported sample; {@code rule} is its index in the file. */
    public record Sample(String name, String type, Map<String, String> labels, double value, int rule) {}

    public final List<ObjectName> include = new ArrayList<>();
    public final List<Rule> rules = new ArrayList<>();

    @SuppressWarnings("unchecked")
    public static JmxExporterRules load(Path file) throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(file));
        JmxExporterRules loaded = new JmxExporterRules();
        for (Object name : (List<Object>) yaml.get("includeObjectNames")) {
            try {
                loaded.include.add(new ObjectName((String) name));
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalArgumentException("includeObjectNames: " + name, e);
            }
        }
        for (Map<String, Object> rule : (List<Map<String, Object>>) yaml.get("rules")) {
            Map<String, String> labels = new LinkedHashMap<>();
            ((Map<String, Object>) rule.getOrDefault("labels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            loaded.rules.add(new Rule(Pattern.compile("^.*(?:" + rule.get("pattern") + ").*$"), (String) rule.get("name"),
                    (String) rule.getOrDefault("type", "UNTYPED"),
                    rule.containsKey("value") ? String.valueOf(rule.get("value")) : null, labels, (String) rule.get("help")));
        }
        return loaded;
    }

    /** Every sample the rules make of the beans on {@code jmx}. */
    public List<Sample> apply(MBeanServerConnection jmx) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (ObjectName pattern : include) {
            for (ObjectName bean : jmx.queryNames(pattern, null)) {
                for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(bean).getAttributes()) {
                    if (attribute.isReadable()) {
                        apply(bean, attribute.getName(), jmx.getAttribute(bean, attribute.getName()), samples);
                    }
                }
            }
        }
        return samples;
    }

    private void apply(ObjectName bean, String attribute, Object value, List<Sample> samples) {
        String keys = bean.getKeyPropertyListString().replace(",", ", ");
        String input = bean.getDomain() + "<" + keys + "><>" + attribute + ": " + value;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            Matcher matcher = rule.pattern().matcher(input);
            if (!matcher.matches()) {
                continue;
            }
            Double number = rule.value() != null ? Double.valueOf(matcher.replaceAll(rule.value()))
                    : value instanceof Number n ? n.doubleValue()
                    : value instanceof Boolean b ? (b ? 1.0 : 0.0)
                    : null;
            if (number != null) {
                Map<String, String> labels = new LinkedHashMap<>();
                rule.labels().forEach((k, v) -> labels.put(k, matcher.replaceAll(v)));
                samples.add(new Sample(matcher.replaceAll(rule.name()), rule.type(), labels, number, i));
            }
            return; // the exporter stops at the first matching rule
        }
    }
}
