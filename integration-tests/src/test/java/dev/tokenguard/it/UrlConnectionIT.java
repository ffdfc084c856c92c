package dev.tokenguard.it;

/** The agent's scenarios with java.net.HttpURLConnection and HttpsURLConnection. */
class UrlConnectionIT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "urlconnection";
    }
}
