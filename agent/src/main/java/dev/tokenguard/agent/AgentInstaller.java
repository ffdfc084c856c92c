package dev.tokenguard.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.tokenguard.bootstrap.Bridge;
import dev.tokenguard.core.http.RequestGuard;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Connects a built guard to the hooks and weaves them. Loaded only after {@link BootstrapInjector}
 * ran, since it links against the bootstrap bridge.
 */
public final class AgentInstaller {

    private AgentInstaller() {}

    public static ResettableClassFileTransformer install(
            Instrumentation instrumentation, RequestGuard guard, List<ClientInstrumentation> instrumentations) {
        GuardHolder.set(guard);
        Bridge.setTarget(new BridgeDispatcher());
        // The hooks inline their advice, so no woven class needs Byte Buddy's Nexus (which hands
        // initialisers to generated classes). Setting it up would inject it into the bootstrap loader
        // through sun.misc.Unsafe: ~200 classes and, on JDK 25, four warnings. The shade plugin
        // relocates the property's name with the classes, so the application's own Byte Buddy keeps
        // its Nexus.
        System.setProperty(Nexus.PROPERTY, "true");
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                // JDK classes are loaded before premain: retransform them, adding no members.
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // Replaces Byte Buddy's default, which skips every bootstrap and platform class and
                // so would leave HttpURLConnection and java.net.http unhooked.
                .ignore(nameStartsWith("dev.tokenguard.").or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()))
                // Advice in java.base and java.net.http calls the bridge, which is in the bootstrap
                // loader's unnamed module: those modules must read it.
                .assureReadEdgeTo(instrumentation, Bridge.class)
                .with(new TransformationErrors());
        for (ClientInstrumentation each : instrumentations) {
            builder = each.install(builder);
        }
        return builder.installOn(instrumentation);
    }
}
