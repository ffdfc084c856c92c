package dev.tokenguard.core.reload;

import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.ConfigLocator;
import dev.tokenguard.core.config.ConfigParser;
import dev.tokenguard.core.config.StoreLocation;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.policy.PolicyAdmin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Puts the properties file the agent started with in force again, as it reads now: parsed by the same
 * {@link ConfigParser} as at start, and then either rejected whole (one ERROR line naming the file, the
 * line and the key, and what was in force stays in force) or handed to {@link PolicyAdmin#reload}, each
 * change it reports logged at INFO. {@code tokenguard.store} is read at start only: a file that changes
 * it is applied for the rest, and the store it names is said to take a restart.
 *
 * <p>Reloads are serialised: the file watcher and a reload forced over JMX never interleave.
 */
public final class ConfigReloader {
    static final String STORE_KEY = "tokenguard.store";

    private final ConfigLocator.Location file;
    private final ConfigParser parser;
    private final PolicyAdmin admin;
    /** The store this JVM uses until it restarts. */
    private final StoreLocation store;
    private final Supplier<Logger> log;
    private final List<Runnable> afterApplied = new CopyOnWriteArrayList<>();

    /**
     * @param started the configuration the agent started with, from {@code file}
     * @param log     looked up when first needed
     */
    public ConfigReloader(ConfigLocator.Location file, TokenguardConfig started, ConfigParser parser, PolicyAdmin admin,
            Supplier<Logger> log) {
        this.file = file;
        this.parser = parser;
        this.admin = admin;
        this.store = started.store();
        this.log = log;
    }

    public Path file() {
        return file.path();
    }

    /** Runs {@code listener} after every reload that was put in force (the JMX beans follow the policies). */
    public void afterApplied(Runnable listener) {
        afterApplied.add(listener);
    }

    /**
     * Reads the file now and puts it in force (a reload forced over JMX or the command line).
     *
     * @return what changed, one line each; empty when nothing did
     * @throws ConfigException          where the file cannot be read or has an error; logged, nothing changed
     * @throws IllegalArgumentException where the policy engine cannot put it in force; logged, nothing changed
     */
    public synchronized List<String> reload() throws ConfigException {
        TokenguardConfig next;
        try {
            next = read();
        } catch (ConfigException e) {
            rejected(e);
            throw e;
        }
        return apply(next);
    }

    /** Parses the file as it is now, logging nothing. */
    TokenguardConfig read() throws ConfigException {
        return parser.parse(file);
    }

    /** Says, at ERROR, that the file was rejected. */
    void rejected(ConfigException e) {
        log.get().error("tokenguard: {}; the configuration in force stays in force", e.getMessage());
    }

    /**
     * @throws IllegalArgumentException where the policy engine cannot put it in force; logged, nothing changed
     */
    synchronized List<String> apply(TokenguardConfig next) {
        List<String> changes;
        try {
            changes = new ArrayList<>(admin.reload(next));
        } catch (IllegalArgumentException e) {
            log.get().error("tokenguard: Invalid tokenguard configuration ({}): {}; the configuration in force stays in"
                    + " force", file.path(), e.getMessage());
            throw e;
        }
        for (String change : changes) {
            log.get().info("tokenguard: configuration reloaded from {}: {}", file.path(), change);
        }
        // The engine may name it among its changes itself; said once either way.
        if (!next.store().equals(store) && changes.stream().noneMatch(line -> line.contains(STORE_KEY))) {
            String line = STORE_KEY + " changed to " + next.store() + ": it takes a restart; until then this JVM keeps "
                    + store;
            log.get().warn("tokenguard: configuration reloaded from {}: {}", file.path(), line);
            changes.add(line);
        }
        if (changes.isEmpty()) {
            log.get().debug("tokenguard: configuration reloaded from {}: nothing in force changed", file.path());
        }
        afterApplied.forEach(Runnable::run);
        return List.copyOf(changes);
    }
}
