package dev.tokenguard.core.events;

import dev.tokenguard.core.time.TimeSource;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * What enforce mode would have done with one carrier's calls while {@code tokenguard.mode=observe}
 * let them all go as the application made them. Each observed token request with a body the adapter
 * could read is counted in exactly one of {@link #wouldCall}, {@link #suppressed}, {@link #coalesced}, {@link #heldBack} or
 * {@link #killSwitchRefusals}; an observed API request at most in {@link #killSwitchRefusals} or
 * {@link #policyRefusals}. Counters since start; they keep their values across switches.
 *
 * <p>At most every {@value EventLog#SUMMARY_SECONDS} s an INFO line sums the interval up, written by
 * whichever observed call first finds the interval over; it holds counts only.
 */
public final class WouldBe {
    private static final long SUMMARY_NANOS = TimeUnit.SECONDS.toNanos(EventLog.SUMMARY_SECONDS);

    private final LongAdder tokenRequests = new LongAdder();
    private final LongAdder wouldCall = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder heldBack = new LongAdder();
    private final LongAdder killSwitchRefusals = new LongAdder();
    private final LongAdder killSwitchTrips = new LongAdder();
    private final LongAdder bansSeen = new LongAdder();
    private final LongAdder policyRefusals = new LongAdder();

    private final String carrier;
    private final Logger log;
    private final TimeSource time;
    private final AtomicReference<long[]> window;

    WouldBe(String carrier, Logger log, TimeSource time) {
        this.carrier = carrier;
        this.log = log;
        this.time = time;
        this.window = new AtomicReference<>(snapshot(time.nanoTime()));
    }

    /** Token requests of the application seen in observe mode; each went to the carrier. */
    public long tokenRequests() {
        return tokenRequests.sum();
    }

    /** Of those, the ones enforce would have made itself (the first of a credential with no valid token). */
    public long wouldCall() {
        return wouldCall.sum();
    }

    /** Of those, the ones enforce would have answered from its cache. */
    public long suppressed() {
        return suppressed.sum();
    }

    /** Of those, the ones enforce would have joined to a call of the same credential still in flight. */
    public long coalesced() {
        return coalesced.sum();
    }

    /** Of those, the calls the token-call limiter had no permit for at that moment. */
    public long heldBack() {
        return heldBack.sum();
    }

    /** Calls (token and API) made while the kill-switch was tripped: enforce would have refused them. */
    public long killSwitchRefusals() {
        return killSwitchRefusals.sum();
    }

    /** Times an observed token answer tripped the kill-switch (a ban or a 429) that was not tripped. */
    public long killSwitchTrips() {
        return killSwitchTrips.sum();
    }

    /** Observed token answers with the carrier's ban status. */
    public long bansSeen() {
        return bansSeen.sum();
    }

    /** API requests a block or a carrier's pause would have refused (policies' own: their shadow figures). */
    public long policyRefusals() {
        return policyRefusals.sum();
    }

    public void sawTokenRequest() {
        tokenRequests.increment();
    }

    public void wouldHaveCalled() {
        wouldCall.increment();
    }

    public void wouldHaveSuppressed() {
        suppressed.increment();
    }

    public void wouldHaveCoalesced() {
        coalesced.increment();
    }

    public void wouldHaveHeldBack() {
        heldBack.increment();
    }

    public void wouldHaveRefusedKillSwitch() {
        killSwitchRefusals.increment();
    }

    public void wouldHaveTripped() {
        killSwitchTrips.increment();
    }

    public void sawBan() {
        bansSeen.increment();
    }

    public void wouldHaveRefusedPolicy() {
        policyRefusals.increment();
    }

    /** Writes the interval's summary if it is over and anything was observed in it. */
    public void maybeSummarize() {
        long[] w = window.get();
        long now = time.nanoTime();
        if (now - w[0] < SUMMARY_NANOS) {
            return;
        }
        long[] next = snapshot(now);
        // One caller wins the interval; the others find the new window and move on.
        if (!window.compareAndSet(w, next) || next[1] == w[1] && next[6] == w[6] && next[7] == w[7]) {
            return;
        }
        if (log.isInfoEnabled()) {
            log.info(String.format(Locale.ROOT, "%s (observe): in the last %,d s %,d token calls went out; enforce would"
                            + " have made %,d, suppressed %,d, coalesced %,d, held back %,d; %,d calls during a kill-switch"
                            + " trip, %,d ban answers, %,d block or pause refusals",
                    carrier, Math.max(1, Math.round((now - w[0]) / 1e9)), next[1] - w[1], next[2] - w[2],
                    next[3] - w[3], next[4] - w[4], next[5] - w[5], next[6] - w[6], next[8] - w[8], next[7] - w[7]));
        }
    }

    private long[] snapshot(long now) {
        return new long[] {now, tokenRequests.sum(), wouldCall.sum(), suppressed.sum(), coalesced.sum(), heldBack.sum(),
                killSwitchRefusals.sum(), policyRefusals.sum(), bansSeen.sum()};
    }

    @Override
    public String toString() {
        return "WouldBe[tokenRequests=" + tokenRequests() + ", wouldCall=" + wouldCall() + ", suppressed=" + suppressed()
                + ", coalesced=" + coalesced() + ", heldBack=" + heldBack() + ", killSwitchRefusals=" + killSwitchRefusals()
                + ", killSwitchTrips=" + killSwitchTrips() + ", bansSeen=" + bansSeen() + ", policyRefusals="
                + policyRefusals() + "]";
    }
}
