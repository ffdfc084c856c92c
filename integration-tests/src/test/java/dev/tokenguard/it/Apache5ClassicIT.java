package dev.tokenguard.it;

/** The agent's scenarios with Apache HttpClient 5, classic API. */
class Apache5ClassicIT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "apache5";
    }
}
