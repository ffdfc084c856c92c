package dev.tokenguard.core.jmx;

import java.lang.reflect.Method;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/**
 * A {@link StandardMBean} whose bean, attributes, operations and parameters get the {@link Description}
 * written beside them in the bean's interface, instead of the JDK's placeholder text. Every tokenguard
 * bean is one.
 */
abstract class DescribedBean extends StandardMBean {
    private final Class<?> type;

    <T> DescribedBean(Class<T> type) throws NotCompliantMBeanException {
        super(type);
        this.type = type;
    }

    /** What the bean's description says about this instance, such as {@code " Carrier: fedex."}; empty for none. */
    abstract String instance();

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        if (d == null) {
            throw new IllegalStateException(type + " has no @Description");
        }
        return d.value() + instance();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return describe(method((info.isIs() ? "is" : "get") + info.getName(), 0));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return describe(method(info.getName(), info.getSignature().length));
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return parameter(op, sequence).value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return parameter(op, sequence).name();
    }

    /** Every operation of a tokenguard bean changes what the carriers see; JMX consoles ask before an ACTION. */
    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return MBeanOperationInfo.ACTION;
    }

    private Description parameter(MBeanOperationInfo op, int sequence) {
        Method m = method(op.getName(), op.getSignature().length);
        for (var annotation : m.getParameterAnnotations()[sequence]) {
            if (annotation instanceof Description d) {
                return d;
            }
        }
        throw new IllegalStateException(m + " has no @Description on parameter " + sequence);
    }

    private static String describe(Method m) {
        Description d = m.getAnnotation(Description.class);
        if (d == null) {
            throw new IllegalStateException(m + " has no @Description");
        }
        return d.value();
    }

    /** The interfaces declare no overloads, so a name and a parameter count identify a method. */
    private Method method(String name, int parameters) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                return m;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no method " + name + " with " + parameters
                + " parameters");
    }
}
