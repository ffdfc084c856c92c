package dev.tokenguard.core.events;

import dev.tokenguard.core.time.TimeSource;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one carrier: each bumps a {@link CarrierStats} counter and may write a log line under
 * the logger {@value #LOGGER_NAME}. Callers pass fingerprints, never tokens or secrets.
 *
 * <p>A storm must not become a log storm: a suppressed renewal is a DEBUG line, and an INFO summary
 * is written at most every {@value #SUMMARY_SECONDS} s by whichever event first finds the interval
 * over, with the refusals of the interval by {@link RefusalReason}; the WARN for limiter refusals is
 * thinned the same way.
 */
public final class EventLog {
    public static final String LOGGER_NAME = "tokenguard";
    static final long SUMMARY_SECONDS = 10;
    private static final long SUMMARY_NANOS = TimeUnit.SECONDS.toNanos(SUMMARY_SECONDS);

    private final String carrier;
    private final Logger log;
    private final TimeSource time;
    private final CarrierStats stats = new CarrierStats();
    private final WouldBe wouldBe;
    private final AtomicReference<Window> window;
    private final AtomicLong nextRateLimitWarning;
    private final AtomicLong rateLimitsSinceWarning = new AtomicLong();
    private final AtomicBoolean faultLogged = new AtomicBoolean();
    private final AtomicBoolean credentialsFullLogged = new AtomicBoolean();

    /** Counters as they were when a summary interval began; {@code refused} by {@link RefusalReason} ordinal. */
    private record Window(long startNanos, long suppressed, long real, long[] refused) {}

    public EventLog(String carrier, Logger log, TimeSource time) {
        this.carrier = carrier;
        this.log = log;
        this.time = time;
        this.wouldBe = new WouldBe(carrier, log, time);
        long now = time.nanoTime();
        this.window = new AtomicReference<>(new Window(now, 0, 0, new long[RefusalReason.values().length]));
        this.nextRateLimitWarning = new AtomicLong(now);
    }

    public static Logger defaultLogger() {
        return LoggerFactory.getLogger(LOGGER_NAME);
    }

    public CarrierStats stats() {
        return stats;
    }

    /** What enforce would have done with the calls observe mode let go. */
    public WouldBe wouldBe() {
        return wouldBe;
    }

    public void suppressed(String credential, String token, long secondsLeft) {
        stats.suppressedRenewals.increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: renewal suppressed for credential {}: token {} served from the cache with {} s left",
                    carrier, credential, token, secondsLeft);
        }
        maybeSummarize();
    }

    public void coalesced(String credential) {
        stats.coalescedWaiters.increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: renewal for credential {} already in flight; waiting for it", carrier, credential);
        }
        maybeSummarize();
    }

    /** A real token call is about to leave the JVM. */
    public void realCall() {
        stats.realTokenCalls.increment();
    }

    public void renewed(String credential, String token, long generation, long expiresInSeconds, long renewInSeconds) {
        log.info("{}: token renewed for credential {}: token {} (generation {}) expires in {} s, renewal due in {} s",
                carrier, credential, token, generation, expiresInSeconds, renewInSeconds);
        maybeSummarize();
    }

    /** A token another instance of the cluster got, now served here too. */
    public void adopted(String credential, String token, long generation, long expiresInSeconds, long renewInSeconds) {
        stats.adoptedTokens.increment();
        log.info("{}: token adopted from the cluster for credential {}: token {} (generation {}) expires in {} s, "
                + "renewal due in {} s", carrier, credential, token, generation, expiresInSeconds, renewInSeconds);
    }

    /** This instance renewed past its lease, and a later holder's token is the cluster's. */
    public void fencedOut(String credential, String token) {
        log.warn("{}: token {} of credential {} not published: this instance's renewal lease expired while it "
                + "renewed, and a later holder's token is the cluster's", carrier, token, credential);
    }

    public void renewalFailed(String credential, String what, long backoffMillis) {
        stats.failedRenewals.increment();
        log.warn("{}: renewal for credential {} failed: {}; next renewal in {} ms at the earliest",
                carrier, credential, what, backoffMillis);
    }

    public void rateLimited(String reason) {
        stats.rateLimitedRenewals.increment();
        long now = time.nanoTime();
        long next = nextRateLimitWarning.get();
        if (now - next >= 0 && nextRateLimitWarning.compareAndSet(next, now + SUMMARY_NANOS)) {
            long more = rateLimitsSinceWarning.getAndSet(0);
            log.warn("{}: {}{}", carrier, reason, more == 0 ? "" : " (" + more + " more since the last warning)");
        } else {
            rateLimitsSinceWarning.incrementAndGet();
        }
    }

    public void refused(RefusalReason kind, String reason) {
        stats.refused.increment();
        stats.refusedBy[kind.ordinal()].increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: refused: {}", carrier, reason);
        }
        try {
            maybeSummarize();
        } catch (RuntimeException e) {
            // A refusal may be the safe answer to an internal error (a clock that throws, say), already
            // logged: the summary is not worth failing that answer for.
        }
    }

    public void unauthorized(String token) {
        stats.unauthorized.increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: 401 for token {}", carrier, token);
        }
    }

    public void invalidated(String credential, String token, long generation, boolean byHand) {
        stats.invalidations.increment();
        log.info("{}: token {} (generation {}) of credential {} invalidated {}", carrier, token, generation,
                credential, byHand ? "by hand" : "after a 401");
    }

    /**
     * A token of {@code credential} revoked by someone else; {@code seen} such revocations within
     * {@code windowMinutes} when this one is to be reported, else 0.
     */
    public void revokedElsewhere(String credential, int seen, long windowMinutes) {
        stats.revokedElsewhere.increment();
        if (seen > 0) {
            log.warn("{}: tokens of credential {} are being revoked by someone else ({} times in {} min): another "
                    + "process renews the same credential, and each of its renewals revokes this JVM's token. Guard "
                    + "every instance that uses this credential (with a shared tokenguard.store where they are "
                    + "several), or give them separate credentials", carrier, credential, seen, windowMinutes);
        }
    }

    public void upgraded(String from, String to) {
        stats.upgraded.increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: superseded token {} replaced by current token {}", carrier, from, to);
        }
    }

    public void replayed(String failed, String replacement) {
        stats.replayed.increment();
        if (log.isDebugEnabled()) {
            log.debug("{}: request refused with token {} is sent once more with token {}", carrier, failed, replacement);
        }
    }

    public void banDetected(int status, String where) {
        stats.bansDetected.increment();
        log.warn("{}: ban detected: {} answered {}", carrier, where, status);
    }

    public void killSwitchChanged(String from, String to, String reason) {
        stats.killSwitchChanges.increment();
        log.warn("{}: kill-switch {} -> {}: {}", carrier, from, to, reason);
    }

    /** A new credential found no room: its token requests go uncached. WARN once, then DEBUG. */
    public void credentialsFull(int max) {
        if (credentialsFullLogged.compareAndSet(false, true)) {
            log.warn("{}: {} credentials in use, the most tokenguard keeps per carrier; token requests of further "
                    + "credentials are made as they are, uncached, through the limiter. Later ones are logged at DEBUG",
                    carrier, max);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: {} credentials in use; a token request of another went uncached", carrier, max);
        }
    }

    public void credentialsEvicted(int evicted, int left) {
        if (log.isDebugEnabled()) {
            log.debug("{}: {} idle credential{} forgotten, {} left", carrier, evicted, evicted == 1 ? "" : "s", left);
        }
    }

    /** An unexpected exception that was answered safely: logged with its cause once, then at DEBUG. */
    public void internalError(String where, Throwable error) {
        stats.internalErrors.increment();
        if (faultLogged.compareAndSet(false, true)) {
            log.error("{}: internal error in {}; answered safely. Later errors of {} are logged at DEBUG",
                    carrier, where, carrier, error);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: internal error in {}", carrier, where, error);
        }
    }

    /** Writes the summary of the current interval now, if it has anything to say (at shutdown). */
    public void flushSummary() {
        summarize(window.get(), time.nanoTime());
    }

    private void maybeSummarize() {
        Window w = window.get();
        long now = time.nanoTime();
        if (now - w.startNanos >= SUMMARY_NANOS) {
            summarize(w, now);
        }
    }

    private void summarize(Window w, long now) {
        long suppressed = stats.suppressedRenewals.sum() + stats.coalescedWaiters.sum();
        long real = stats.realTokenCalls.sum();
        long[] refused = new long[stats.refusedBy.length];
        for (int i = 0; i < refused.length; i++) {
            refused[i] = stats.refusedBy[i].sum();
        }
        // One caller wins the interval; the rest of a storm finds the new window and moves on.
        if (!window.compareAndSet(w, new Window(now, suppressed, real, refused))) {
            return;
        }
        long suppressedNow = suppressed - w.suppressed;
        String refusals = refusals(w.refused, refused);
        if ((suppressedNow > 0 || !refusals.isEmpty()) && log.isInfoEnabled()) {
            long seconds = Math.max(1, Math.round((now - w.startNanos) / 1e9));
            log.info(String.format(Locale.ROOT, "%s: %,d renewal%s suppressed, %,d real, in the last %,d s%s",
                    carrier, suppressedNow, suppressedNow == 1 ? "" : "s", real - w.real, seconds, refusals));
        }
    }

    /**
     * {@code "; 49 refused: 45 renewal-wait, 4 rate-limit"}, the kinds with any refusal in the interval
     * in their fixed order, or empty when there was none. Appended after the suppressed and real
     * counts, so that a line without refusals reads as it always has.
     */
    private static String refusals(long[] before, long[] now) {
        StringBuilder kinds = new StringBuilder();
        long total = 0;
        RefusalReason[] reasons = RefusalReason.values();
        for (int i = 0; i < reasons.length; i++) {
            long n = now[i] - before[i];
            if (n > 0) {
                kinds.append(total == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", n, reasons[i].label()));
                total += n;
            }
        }
        return total == 0 ? "" : String.format(Locale.ROOT, "; %,d refused: %s", total, kinds);
    }
}
