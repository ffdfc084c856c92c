package dev.tokenguard.it;

/** Throttling policies with the apache5 client. */
class Apache5ClassicPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "apache5";
    }
}
