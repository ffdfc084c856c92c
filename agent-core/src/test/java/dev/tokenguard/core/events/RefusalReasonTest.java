package dev.tokenguard.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each reason text a place that refuses writes, and the kind it counts as. */
class RefusalReasonTest {

    @Test
    void theKillSwitchsRefusalsWhateverTheTripsReasonSays() {
        assertEquals(RefusalReason.KILL_SWITCH, RefusalReason.of("kill-switch of fedex tripped: carrier maintenance"));
        assertEquals(RefusalReason.KILL_SWITCH, RefusalReason.of("kill-switch of fedex tripped: internal error upstream"));
        assertEquals(RefusalReason.KILL_SWITCH,
                RefusalReason.of("kill-switch of fedex is waiting for its probe after ban: token endpoint answered 403"));
    }

    @Test
    void theLimiterAndTheFloor() {
        assertEquals(RefusalReason.RATE_LIMIT, RefusalReason.of("renewal suppressed: token-call rate limit of fedex reached"));
        assertEquals(RefusalReason.RATE_LIMIT, RefusalReason.of("renewal suppressed: min-interval of fedex"));
    }

    @Test
    void theBackOff() {
        assertEquals(RefusalReason.BACKING_OFF, RefusalReason.of("renewal suppressed: backing off after failed renewals of fedex"));
    }

    @Test
    void aFailedTokenEndpoint() {
        assertEquals(RefusalReason.TOKEN_ENDPOINT_FAILED,
                RefusalReason.of("renewal failed: token endpoint of fedex unreachable (ConnectException)"));
        assertEquals(RefusalReason.TOKEN_ENDPOINT_FAILED,
                RefusalReason.of("token call failed: token endpoint of fedex unreachable (HttpTimeoutException)"));
        assertEquals(RefusalReason.TOKEN_ENDPOINT_FAILED, RefusalReason.of("renewal failed: token endpoint of fedex answered 401"));
        assertEquals(RefusalReason.TOKEN_ENDPOINT_FAILED, RefusalReason.of("renewal of fedex brought back the expired token"));
        assertEquals(RefusalReason.TOKEN_ENDPOINT_FAILED,
                RefusalReason.of("token endpoint of fedex issued a token that expired in transit"));
    }

    @Test
    void aRenewalThatOutlastedTheWait() {
        assertEquals(RefusalReason.RENEWAL_WAIT, RefusalReason.of("renewal still in flight after 2s"));
        assertEquals(RefusalReason.RENEWAL_WAIT, RefusalReason.of("renewal of fedex in flight on another instance"));
    }

    @Test
    void anUnreadableBody() {
        assertEquals(RefusalReason.UNREADABLE_BODY,
                RefusalReason.of("tokenguard could not read the body of this token request; it was not sent"));
    }

    @Test
    void anInternalError() {
        assertEquals(RefusalReason.INTERNAL_ERROR, RefusalReason.of("renewal failed: internal error in tokenguard"));
        assertEquals(RefusalReason.INTERNAL_ERROR, RefusalReason.of("internal error in tokenguard; see its log"));
    }

    @Test
    void anythingElseIsOtherNeverLost() {
        assertEquals(RefusalReason.OTHER, RefusalReason.of("interrupted while waiting for a renewal"));
        assertEquals(RefusalReason.OTHER, RefusalReason.of("renewal executor of fedex is busy"));
        assertEquals(RefusalReason.OTHER, RefusalReason.of(null));
    }

    @Test
    void labelsAreLowerCaseWithHyphens() {
        assertEquals("token-endpoint-failed", RefusalReason.TOKEN_ENDPOINT_FAILED.label());
        assertEquals("kill-switch", RefusalReason.KILL_SWITCH.label());
    }
}
