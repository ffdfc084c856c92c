package dev.tokenguard.core.broker;

import dev.tokenguard.core.events.RefusalReason;
import dev.tokenguard.core.transport.TokenTransport;

/** How a wish for a token ended, for the caller that made the real call and every caller that waited. */
public sealed interface Outcome {

    /** A token that may be served now. */
    record Issued(Token token) implements Outcome {}

    /** The token endpoint's own answer, which brought no token (a 401 for a wrong secret, a ban...). */
    record CarrierAnswer(TokenTransport.Response response) implements Outcome {}

    /**
     * No real call was made, or none could be: of which kind (counted as such), why in words, and
     * when trying again makes sense.
     */
    record Refused(RefusalReason kind, String reason, long retryAfterNanos) implements Outcome {}
}
