package dev.tokenguard.core.broker;

import dev.tokenguard.core.events.EventLog;
import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.killswitch.Admission;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.limit.TokenCallLimiter;
import dev.tokenguard.core.time.TimeSource;
import dev.tokenguard.core.transport.TokenTransport;
import java.io.IOException;
import java.time.Duration;

/**
 * Makes one real token call for a carrier, if the kill-switch and the quota group's limiter let it:
 * the only place in agent-core where a token call leaves the JVM. Ban and 429 answers go to the
 * kill-switch here, whoever asked for the call.
 */
public final class TokenCaller {
    private final String carrier;
    private final TokenTransport transport;
    private final TokenCallLimiter limiter;
    private final KillSwitch killSwitch;
    private final EventLog events;
    private final TimeSource time;
    private volatile Duration timeout;

    public TokenCaller(String carrier, TokenTransport transport, TokenCallLimiter limiter, KillSwitch killSwitch,
            EventLog events, TimeSource time, Duration timeout) {
        this.carrier = carrier;
        this.transport = transport;
        this.limiter = limiter;
        this.killSwitch = killSwitch;
        this.events = events;
        this.time = time;
        this.timeout = timeout;
    }

    /** A reloaded {@code token-timeout}: for the calls made from now on. */
    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** What became of one attempt. */
    sealed interface Result {}

    /** Nothing was sent. */
    record NotSent(Outcome.Refused refusal) implements Result {}

    /** Sent at {@code sentNanos} and answered. */
    record Answered(TokenTransport.Response response, long sentNanos) implements Result {}

    /** Sent at {@code sentNanos}, then failed without an answer. */
    record Unreachable(IOException error, long sentNanos) implements Result {}

    /** Takes a permit (waiting at most {@code maxWaitNanos}), then calls. */
    Result call(TokenRequest request, long maxWaitNanos) {
        Outcome.Refused tripped = blocked();
        if (tripped != null) {
            return new NotSent(tripped);
        }
        TokenCallLimiter.Permit permit = limiter.acquire(maxWaitNanos);
        if (!permit.granted()) {
            String reason = "renewal suppressed: token-call rate limit of " + carrier + " reached";
            events.rateLimited(reason);
            return new NotSent(new Outcome.Refused(RefusalReason.RATE_LIMIT, reason, permit.retryAfterNanos()));
        }
        // Asked again after the wait: the switch may have tripped meanwhile, or this call may be the probe.
        Admission admission = killSwitch.admit();
        if (admission instanceof Admission.Refused) {
            return new NotSent(refusal(admission));
        }
        events.realCall();
        Departure departure = new Departure(time.nanoTime());
        TokenTransport.Response response;
        try {
            response = transport.post(request.url(), request.headers(), request.body(), timeout, departure);
        } catch (IOException e) {
            killSwitch.onFailure(admission);
            return new Unreachable(e, departure.sentNanos());
        } catch (RuntimeException e) {
            killSwitch.onFailure(admission);
            throw e;
        }
        killSwitch.onResponse(admission, response.status(), response.headers().first("retry-after"), true);
        return new Answered(response, departure.sentNanos());
    }

    /**
     * When the call left: the grant until the transport says it departs, then that moment, whose lag
     * behind the grant goes to the limiter (defect 11: a slow first call and the next one reached the
     * carrier closer than the bands allow). Written on the transport's thread, read after post
     * returns, which the transport's own hand-over orders; volatile for transports that do not.
     */
    private final class Departure implements Runnable {
        private final long grantedNanos;
        private volatile long sentNanos;

        Departure(long grantedNanos) {
            this.grantedNanos = grantedNanos;
            this.sentNanos = grantedNanos;
        }

        @Override
        public void run() {
            long now = time.nanoTime();
            sentNanos = now;
            limiter.departedLate(now - grantedNanos);
        }

        long sentNanos() {
            return sentNanos;
        }
    }

    /**
     * Takes a permit if one is free right now, without waiting or calling: what observe mode asks for
     * each token call enforce would have made, so that the limiter counts those calls and no others.
     */
    boolean permitNow() {
        return limiter.acquire(0).granted();
    }

    /** The kill-switch's refusal if it would refuse a call right now (without taking the probe), else null. */
    Outcome.Refused blocked() {
        Admission.Refused refused = killSwitch.refusal();
        return refused == null ? null : refusal(refused);
    }

    private static Outcome.Refused refusal(Admission admission) {
        Admission.Refused r = (Admission.Refused) admission;
        return new Outcome.Refused(r.kind(), r.reason(), r.retryAfterNanos());
    }
}
