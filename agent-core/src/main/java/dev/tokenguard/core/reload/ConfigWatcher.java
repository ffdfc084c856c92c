package dev.tokenguard.core.reload;

import dev.tokenguard.core.config.ConfigException;
import dev.tokenguard.core.config.TokenguardConfig;
import dev.tokenguard.core.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Watches the properties file the agent started with and puts each new content in force through the
 * {@link ConfigReloader}. A daemon thread looks at the file every {@link #INTERVAL}; it is started
 * by the agent's JMX thread, never in premain.
 *
 * <p>What decides is the content's SHA-256, not the modification time or the size: a file system
 * that keeps times to the second (or two writes that keep the size) would hide a second edit, and a
 * {@code touch} that changes nothing reloads nothing. The file is small; reading it twice a second
 * costs nothing.
 *
 * <p>A content that does not parse is rejected only once it has stayed the same for two looks: an
 * editor caught halfway through writing the file is not reported, and its next look finds the whole
 * file. A content that parses is put in force at once. The first look puts the file in force too: it
 * may have changed since premain read it (the first changes nothing where it did not).
 *
 * <p>A file that disappears leaves what is in force as it is (one WARN); once it is back, its content
 * is put in force.
 */
public final class ConfigWatcher implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofMillis(500);

    private final ConfigReloader reloader;
    private final TimeSource time;
    private final Supplier<Logger> log;
    /** The digest of the content last put in force or rejected; null before the first look. Poller's only. */
    private byte[] handled;
    /** The digest of a content that did not parse at the last look, not yet reported. Poller's only. */
    private byte[] unparsed;
    /** Why the file could not be read at the last look, said once; null when it could. Poller's only. */
    private String unreadable;
    private Thread thread;
    private boolean closed;

    public ConfigWatcher(ConfigReloader reloader, TimeSource time, Supplier<Logger> log) {
        this.reloader = reloader;
        this.time = time;
        this.log = log;
    }

    /** Starts the watching thread; a second call, or one after {@link #close()}, does nothing. */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::watch, "tokenguard-reload");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                poll();
            } catch (RuntimeException e) {
                log.get().error("tokenguard: could not reload {}; the configuration in force stays in force",
                        reloader.file(), e);
            }
            try {
                time.sleep(INTERVAL.toNanos());
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    /** One look at the file; the watching thread's, and the tests'. */
    synchronized void poll() {
        if (closed) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(reloader.file());
        } catch (NoSuchFileException e) {
            cannotRead("it is gone; watching for it to come back");
            return;
        } catch (IOException e) {
            // Closing interrupts a read in progress, which the channel reports as an IOException.
            if (!Thread.currentThread().isInterrupted()) {
                cannotRead("cannot read it: " + e);
            }
            return;
        }
        if (unreadable != null) {
            log.get().info("tokenguard: {} can be read again", reloader.file());
            unreadable = null;
        }
        byte[] digest = sha256(content);
        if (MessageDigest.isEqual(digest, handled)) {
            return;
        }
        // Parsed from a read of its own: should the file change in between, the next look sees a new digest.
        TokenguardConfig next;
        try {
            next = reloader.read();
        } catch (ConfigException e) {
            if (MessageDigest.isEqual(digest, unparsed)) {
                handled = digest;
                unparsed = null;
                reloader.rejected(e);
            } else {
                unparsed = digest;
            }
            return;
        }
        handled = digest;
        unparsed = null;
        try {
            reloader.apply(next);
        } catch (IllegalArgumentException loggedByTheReloader) {
            // rejected whole; what was in force stays
        }
    }

    private void cannotRead(String why) {
        if (!why.equals(unreadable)) {
            log.get().warn("tokenguard: configuration file {}: {}; the configuration in force stays in force",
                    reloader.file(), why);
            unreadable = why;
        }
        // Whatever comes back is put in force, even the content that was in force before it went.
        handled = null;
        unparsed = null;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stops the watching thread. */
    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
