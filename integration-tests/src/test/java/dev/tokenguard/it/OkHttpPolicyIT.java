package dev.tokenguard.it;

/** Throttling policies with the okhttp client. */
class OkHttpPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "okhttp";
    }
}
