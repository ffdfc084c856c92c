package dev.tokenguard.core.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The names of the carrier beans, shared by the agent that registers them and the command line that finds them. */
public final class CarrierObjectNames {
    public static final String DOMAIN = "tokenguard";
    /** Matches every carrier bean: {@code tokenguard:type=Carrier,*}. */
    public static final ObjectName PATTERN = parse(DOMAIN + ":type=Carrier,*");

    private CarrierObjectNames() {}

    /** {@code tokenguard:type=Carrier,name=<id>}; an id with characters an ObjectName reserves is quoted. */
    public static ObjectName of(String carrierId) {
        return named("Carrier", carrierId);
    }

    /** The carrier id a bean's name carries. */
    public static String carrierId(ObjectName name) {
        return nameProperty(name);
    }

    /** {@code tokenguard:type=<type>,name=<name>}, the name quoted where it holds characters an ObjectName reserves. */
    static ObjectName named(String type, String name) {
        boolean plain = name.chars().noneMatch(c -> ",=:*?\"\\\n".indexOf(c) >= 0);
        return parse(DOMAIN + ":type=" + type + ",name=" + (plain ? name : ObjectName.quote(name)));
    }

    /** The {@code name} a bean's name carries, unquoted. */
    static String nameProperty(ObjectName name) {
        String value = name.getKeyProperty("name");
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + name, e);
        }
    }
}
