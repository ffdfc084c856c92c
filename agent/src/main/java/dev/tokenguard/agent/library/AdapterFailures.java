package dev.tokenguard.agent.library;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an adapter reports an exception of its own (a bug in tokenguard, or a client version it does
 * not know). The adapter decides what the call does next: where nothing was decided or sent yet it
 * goes on as if tokenguard were absent; a call tokenguard had answered, or had already sent, fails as
 * one without a response instead (see {@link BlockingExchange#answerFailed()}). Each kind of failure
 * is logged once per library at ERROR, the level of the agent's own faults, with its stack trace, and
 * later ones at debug level, so that a failure on every request neither floods the application's log
 * nor goes unnoticed.
 */
public final class AdapterFailures {
    private static final Logger LOG = LoggerFactory.getLogger("tokenguard.agent");
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private AdapterFailures() {}

    public static void report(String library, Throwable failure) {
        String key = library + ':' + failure.getClass().getName();
        if (LOGGED.add(key)) {
            LOG.error("tokenguard's {} adapter failed (logged once per kind of failure)", library, failure);
        } else {
            LOG.debug("tokenguard's {} adapter failed again", library, failure);
        }
    }
}
