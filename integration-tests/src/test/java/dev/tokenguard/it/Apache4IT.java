package dev.tokenguard.it;

/** The agent's scenarios with Apache HttpClient 4.5. */
class Apache4IT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "apache4";
    }
}
