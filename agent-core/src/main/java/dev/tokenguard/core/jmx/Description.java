package dev.tokenguard.core.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text jconsole and VisualVM show for an MBean, an attribute (on its getter), an operation or an
 * operation's parameter. {@link DescribedBean} reads it when it builds its {@code MBeanInfo}, so that
 * each description sits beside what it describes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
@interface Description {
    String value();

    /** For a parameter: its name, which the compiled interface does not keep. */
    String name() default "";
}
