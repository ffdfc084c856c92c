package dev.tokenguard.core.broker;

/**
 * What a token is issued for: the token URL, the merchant, every non-secret form field (grant type,
 * client id, scope, FedEx's {@code child_Key}, ...) and a digest of every secret. Two requests with
 * equal credentials may share a token; any difference means they never do.
 *
 * <p>Built only by {@link CredentialParser}; holds no secret, only its SHA-256.
 */
public final class Credential {
    private final String key;
    private final String fingerprint;

    Credential(String key) {
        this.key = key;
        this.fingerprint = Fingerprints.of(key);
    }

    /** A short fingerprint of the whole credential, for logs and JMX. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && key.equals(c.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "Credential[" + fingerprint + "]";
    }
}
