package dev.tokenguard.it;

/** Throttling policies with the apache4 client (HttpClient 4.5, which retries after an IOException only). */
class Apache4PolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "apache4";
    }
}
