package dev.tokenguard.it;

/** Throttling policies with the apache5-async client. */
class Apache5AsyncPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "apache5-async";
    }

    /** As the classic client: the async client's default retry strategy retries a 429 below the agent's element. */
    @Override
    boolean retriesCarrier429Itself() {
        return true;
    }
}
