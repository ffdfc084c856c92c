package dev.tokenguard.it;

/** Throttling policies with the apache5-async client. */
class Apache5AsyncPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "apache5-async";
    }

    /** HttpClient 5's default retry strategy sends the call again after a 429, below the agent's element. */
    @Override
    boolean retriesCarrier429Itself() {
        return true;
    }
}
