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
    private final String digest;

    Credential(String key) {
        this.key = key;
        this.digest = Fingerprints.sha256Hex(key);
        this.fingerprint = digest.substring(0, 8);
    }

    /**
     * The whole SHA-256 of the credential in hex: how a shared store names it. Unlike the short
     * fingerprint it cannot collide in practice, which matters where a collision would hand one
     * credential's token to another.
     */
    public String digest() {
        return digest;
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
