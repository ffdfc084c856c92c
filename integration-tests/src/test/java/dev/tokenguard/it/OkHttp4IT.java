package dev.tokenguard.it;

/** The agent's scenarios with OkHttp 4. */
class OkHttp4IT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "okhttp";
    }
}
