package dev.tokenguard.it;

/** Throttling policies with the jdk client ({@code java.net.http.HttpClient}). */
class JdkHttpClientPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "jdk";
    }
}
