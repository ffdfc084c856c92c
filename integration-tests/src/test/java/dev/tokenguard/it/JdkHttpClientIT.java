package dev.tokenguard.it;

/** The agent's scenarios with java.net.http.HttpClient. */
class JdkHttpClientIT extends ClientLibraryScenarios {
    @Override
    String client() {
        return "jdk";
    }
}
