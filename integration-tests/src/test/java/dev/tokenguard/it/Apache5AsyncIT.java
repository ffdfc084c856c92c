package dev.tokenguard.it;

/** The agent's scenarios with Apache HttpClient 5, async API. */
class Apache5AsyncIT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "apache5-async";
    }

    @Override
    boolean waitsForRenewalBeforeReplay() {
        return false;
    }
}
