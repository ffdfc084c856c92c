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
        boolean plain = carrierId.chars().noneMatch(c -> ",=:*?\"\\\n".indexOf(c) >= 0);
        return parse(DOMAIN + ":type=Carrier,name=" + (plain ? carrierId : ObjectName.quote(carrierId)));
    }

    /** The carrier id a bean's name carries. */
    public static String carrierId(ObjectName name) {
        String value = name.getKeyProperty("name");
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not an ObjectName: " + name, e);
        }
    }
}
