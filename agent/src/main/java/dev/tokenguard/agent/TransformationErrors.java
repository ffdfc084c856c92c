package dev.tokenguard.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a class that could not be woven, once per class: that client then runs unguarded, which an
 * operator must be able to see (a silent failure would look like a working guard).
 */
final class TransformationErrors extends AgentBuilder.Listener.Adapter {

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
        if (reported.add(typeName)) {
            // The logger is fetched here, not at start, so that premain does not pay for SLF4J.
            Logger log = LoggerFactory.getLogger("tokenguard.agent");
            log.warn("could not hook {}; requests made through it are not guarded", typeName, error);
        }
    }
}
