package dev.tokenguard.it;

/** Throttling policies with the apache5 client. */
class Apache5ClassicPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "apache5";
    }

    /** HttpClient 5's default retry strategy sends the call again after a 429, below the agent's element. */
    @Override
    boolean retriesCarrier429Itself() {
        return true;
    }
}
