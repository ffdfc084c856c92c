package dev.tokenguard.core.guard;

import dev.tokenguard.core.broker.Credential;
import dev.tokenguard.core.broker.CredentialParser;
import dev.tokenguard.core.broker.CredentialSlot;
import dev.tokenguard.core.broker.Token;
import dev.tokenguard.core.broker.TokenBroker;
import dev.tokenguard.core.config.Preset;
import dev.tokenguard.core.events.WouldBe;
import dev.tokenguard.core.http.Decision;
import dev.tokenguard.core.http.HttpHeaders;
import dev.tokenguard.core.http.OutboundRequest;
import dev.tokenguard.core.killswitch.Admission;
import dev.tokenguard.core.killswitch.KillSwitch;
import dev.tokenguard.core.policy.PolicyPass;
import dev.tokenguard.core.policy.PolicyRefusal;
import dev.tokenguard.core.policy.Verdict;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Observe mode for one carrier: every request goes exactly as the application made it (a
 * {@link Decision.Proceed} that sets no header), and what enforce would have done is counted in the
 * carrier's {@link WouldBe}.
 *
 * <p>Token requests: the credential is learned as enforce learns it ({@code slotFor}), so that a switch
 * to enforce finds it and renews with one call. Each request is then put in one class, in this order:
 * <ol>
 * <li>the kill-switch is tripped: enforce would have refused it;
 * <li>enforce would hold a valid token for the credential: its own cached one, or the one a would-be
 *     call of that credential brought (answered 2xx, within the token lifetime the carrier documents
 *     for the preset: FedEx 1 h, UPS 4 h, USPS 8 h; none for generic): suppressed;
 * <li>a would-be call of that credential is still waiting for its answer: coalesced;
 * <li>the token-call limiter has no permit free at that moment: held back;
 * <li>otherwise enforce would have made this call (it takes the limiter's permit): this request is
 *     the would-be call, and its answer decides the next ones.
 * </ol>
 * Every observed token answer goes to the kill-switch as enforce's would: a ban (or a 429) trips it,
 * which refuses nothing while observing but counts the calls it would refuse, and is still tripped if
 * enforce takes over during the ban. The answers to calls made while it is tripped do not: enforce
 * would not have made them, so they neither lengthen the trip nor log it again (no log storm).
 *
 * <p>API requests: the kill-switch is asked as in enforce (a tripped one counts a would-be refusal),
 * the policies decide in shadow ({@code PolicyEngine#observe}), a block's or a pause's refusal is
 * counted; no bearer is attached or upgraded, no replay after a 401.
 */
final class Observation {
    private final CarrierRuntime carrier;
    private final WouldBe wouldBe;
    private final KillSwitch killSwitch;
    private final long lifetimeNanos;
    /**
     * Per credential, not per slot: the broker evicts a slot without a token after a few idle minutes,
     * and a would-be token outlives that. At most {@link TokenBroker#MAX_CREDENTIALS}, like the slots;
     * a full map drops the entries whose would-be token has expired. Under its own monitor, held for a
     * lookup.
     */
    private final Map<Credential, Lead> leads = new HashMap<>();

    /**
     * The would-be state of one credential: whether enforce's call for it is in flight (the observed
     * request standing for it has not been answered) and until when the token it brought is valid.
     * Guarded by its lock, a lock and not a monitor: the limiter's permit is asked under it (a cluster
     * store's limiter is a network call), which would pin a virtual thread's carrier in a monitor.
     */
    static final class Lead {
        private final ReentrantLock lock = new ReentrantLock();
        private boolean inFlight;
        private boolean hasToken;
        private long validUntilNanos;

        /** Neither in flight nor holding a valid would-be token: forgetting it changes no figure. */
        boolean expired(long now) {
            lock.lock();
            try {
                return !inFlight && !(hasToken && now - validUntilNanos < 0);
            } finally {
                lock.unlock();
            }
        }
    }

    Observation(CarrierRuntime carrier) {
        this.carrier = carrier;
        this.wouldBe = carrier.events().wouldBe();
        this.killSwitch = carrier.killSwitch();
        this.lifetimeNanos = documentedLifetimeNanos(carrier.config().preset());
    }

    /** The token lifetimes the carriers publish (see CARRIERS.md); generic carriers publish none. */
    private static long documentedLifetimeNanos(Preset preset) {
        return switch (preset) {
            case FEDEX -> TimeUnit.MINUTES.toNanos(60);
            case UPS -> TimeUnit.HOURS.toNanos(4);
            case USPS -> TimeUnit.HOURS.toNanos(8);
            case GENERIC -> 0;
        };
    }

    Decision tokenRequest(OutboundRequest request) {
        wouldBe.sawTokenRequest();
        carrier.events().realCall();
        Lead lead = null;
        boolean refused = killSwitch.refusal() != null;
        if (refused) {
            wouldBe.wouldHaveRefusedKillSwitch();
        } else {
            lead = classify(request);
        }
        wouldBe.maybeSummarize();
        return new Decision.Proceed(HttpHeaders.EMPTY, new ObservedExchange(carrier, true, lead, null, null, null, refused));
    }

    /** The would-be class of a token request; the lead where this request stands for enforce's own call. */
    private Lead classify(OutboundRequest request) {
        byte[] body = request.body();
        if (body == null) {
            // Enforce refuses a token request whose body the adapter could not read; no would-be class fits.
            return null;
        }
        CredentialParser.Parsed parsed = CredentialParser.parse(request.uri(), request.headers(), body);
        CredentialSlot slot = parsed == null ? null : carrier.broker().slotFor(parsed);
        if (slot == null) {
            // Enforce would make it as it is, uncached, through the limiter.
            if (carrier.broker().permitNow()) {
                wouldBe.wouldHaveCalled();
            } else {
                wouldBe.wouldHaveHeldBack();
            }
            return null;
        }
        long now = carrier.time().nanoTime();
        Token cached = slot.current();
        Lead lead = lead(slot.credential(), now);
        lead.lock.lock();
        try {
            if (cached != null && cached.isUsable(now) || lead.hasToken && now - lead.validUntilNanos < 0) {
                wouldBe.wouldHaveSuppressed();
                return null;
            }
            if (lead.inFlight) {
                wouldBe.wouldHaveCoalesced();
                return null;
            }
            if (!carrier.broker().permitNow()) {
                wouldBe.wouldHaveHeldBack();
                return null;
            }
            wouldBe.wouldHaveCalled();
            lead.inFlight = true;
            return lead;
        } finally {
            lead.lock.unlock();
        }
    }

    private Lead lead(Credential credential, long now) {
        synchronized (leads) {
            Lead lead = leads.get(credential);
            if (lead == null) {
                if (leads.size() >= TokenBroker.MAX_CREDENTIALS) {
                    leads.values().removeIf(l -> l.expired(now));
                }
                lead = new Lead();
                if (leads.size() < TokenBroker.MAX_CREDENTIALS) {
                    leads.put(credential, lead);
                }
            }
            return lead;
        }
    }

    Decision apiRequest(OutboundRequest request) {
        boolean refused = killSwitch.refusal() != null;
        if (refused) {
            wouldBe.wouldHaveRefusedKillSwitch();
        }
        Token presented = presented(request);
        Object credential = presented == null ? null : presented.slot().credential();
        String label = presented == null ? null : presented.slot().credential().fingerprint();
        Verdict verdict = carrier.policies().admit(request, credential, label);
        PolicyPass pass = null;
        if (verdict instanceof PolicyPass p) {
            pass = p;
        } else if (verdict instanceof PolicyRefusal) {
            wouldBe.wouldHaveRefusedPolicy();
        }
        wouldBe.maybeSummarize();
        return new Decision.Proceed(HttpHeaders.EMPTY, new ObservedExchange(carrier, false, null, pass, credential, label, refused));
    }

    /** The broker's token the request carries (one enforce gave out before a switch), or null. */
    private Token presented(OutboundRequest request) {
        String authorization = request.headers().first("authorization");
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return carrier.broker().find(authorization.substring(7).trim());
        }
        return null;
    }

    void onResponse(ObservedExchange exchange, int status, HttpHeaders headers, String errorBody) {
        if (exchange.tokenRequest()) {
            if (carrier.config().banStatus() > 0 && status == carrier.config().banStatus()) {
                wouldBe.sawBan();
            }
            if (!exchange.killSwitchRefused()
                    && killSwitch.onResponse(Admission.ADMITTED, status, headers == null ? null : headers.first("retry-after"), true)) {
                wouldBe.wouldHaveTripped();
            }
            land(exchange.lead(), status >= 200 && status < 300);
        } else if (exchange.pass() != null || status == 429) {
            carrier.policies().onResponse(exchange.pass(), exchange.credential(), exchange.credentialLabel(), status, headers,
                    errorBody);
        }
    }

    void onFailure(ObservedExchange exchange) {
        land(exchange.lead(), false);
        carrier.policies().release(exchange.pass());
    }

    /** The would-be call's answer: the token enforce would hold from now, if it brought one. */
    private void land(Lead lead, boolean issued) {
        if (lead == null) {
            return;
        }
        long now = carrier.time().nanoTime();
        lead.lock.lock();
        try {
            lead.inFlight = false;
            if (issued && lifetimeNanos > 0) {
                lead.hasToken = true;
                lead.validUntilNanos = now + lifetimeNanos;
            }
        } finally {
            lead.lock.unlock();
        }
    }
}
