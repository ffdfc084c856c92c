package dev.tokenguard.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a class that could not be hooked, once per class: that client then runs unguarded, which an
 * operator must be able to see (a silent failure would look like a working guard).
 */
final class TransformationErrors {

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    void failed(String className, Throwable error) {
        if (reported.add(className)) {
            log().error("could not hook {}; requests made through it are not guarded", name(className), error);
        }
    }

    void unreachable(String className, ClassLoader loader) {
        if (reported.add(className)) {
            log().error("could not hook {}: its class loader {} does not see tokenguard's classes (the agent jar is on the"
                    + " system class path); requests made through it are not guarded", name(className), loader);
        }
    }

    /** Fetched when needed, not at start, so that premain does not pay for SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger("tokenguard.agent");
    }

    private static String name(String internalName) {
        return internalName.replace('/', '.');
    }
}
