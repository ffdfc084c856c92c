package dev.tokenguard.it;

/** Throttling policies with the urlconnection client. */
class UrlConnectionPolicyIT extends PolicyScenarios {
    @Override
    String client() {
        return "urlconnection";
    }
}
