package dev.tokenguard.core.broker;

/**
 * What a token is issued for: the token URL, the merchant, every non-secret form field (grant type,
 * client id, scope, FedEx's {@code child_Key}, ...) and a digest of every secret. Two requests with
 * equal credentials may share a token; any difference means they never do.
 *
 * <p>Built only by {@link CredentialParser}; holds no secret, only its SHA-256 and the seed of the
 * keys that seal its tokens in a cluster's store ({@link StoreKey}), which is not derivable from
 * anything the store or a log shows.
 */
public final class Credential {
    /**
     * Seeds a credential without secrets (a public client): its seals still bind a value to its
     * name, but anyone who knows the credential's other fields can make them.
     */
    private static final String NO_SECRET = "tokenguard:no-secret";

    private final String key;
    private final String fingerprint;
    private final String digest;
    private final byte[] sealSeed;

    /**
     * @param secrets every secret of the credential, as {@link CredentialParser} writes them; only
     *                {@link #seed} of it is kept
     */
    Credential(String key, String secrets) {
        this.key = key;
        this.digest = Fingerprints.sha256Hex(key);
        this.fingerprint = digest.substring(0, 8);
        this.sealSeed = seed(secrets);
    }

    /** HMAC(secrets, "tokenguard:seal"): one step removed from the secrets, never the digest in the key. */
    static byte[] seed(String secrets) {
        byte[] key = (secrets.isEmpty() ? NO_SECRET : secrets).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return StoreKey.hmac(key, "tokenguard:seal");
    }

    byte[] sealSeed() {
        return sealSeed;
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
