package dev.tokenguard.core.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * How the cluster's store names one credential, {@code <carrier>:<sha256 of the credential>}, and
 * the key that seals its values there (issue 9, defect 5: a store must not trust what it reads).
 *
 * <p>The seal is HMAC-SHA256 under a key derived per credential and per name from the credential's
 * secrets ({@link Credential#sealSeed}): only an instance that knows the secret can write a value
 * another instance accepts, and a value is accepted only under the name it was sealed for, so one
 * credential's token copied over another's key is refused. Neither the secret nor this key goes to
 * the store; {@link #toString()} shows the name only.
 */
public final class StoreKey {
    private static final HexFormat HEX = HexFormat.of();

    private final String name;
    private final byte[] sealKey;

    private StoreKey(String name, byte[] sealKey) {
        this.name = name;
        this.sealKey = sealKey;
    }

    /** The key of {@code credential} under {@code carrier}: its seal key is HMAC(seed, "tokenguard:" + name). */
    static StoreKey of(String carrier, Credential credential) {
        String name = carrier + ":" + credential.digest();
        return new StoreKey(name, hmac(credential.sealSeed(), "tokenguard:" + name));
    }

    /** A key for tests of a store: sealed as a credential whose secrets are {@code secret}. */
    public static StoreKey forSecret(String name, String secret) {
        return new StoreKey(name, hmac(Credential.seed(secret), "tokenguard:" + name));
    }

    public String name() {
        return name;
    }

    /** The seal of {@code parts} in hex: each length-prefixed, so that no part can run into the next. */
    public String seal(String... parts) {
        StringBuilder message = new StringBuilder();
        for (String part : parts) {
            message.append(part.length()).append(':').append(part).append(';');
        }
        return HEX.formatHex(hmac(sealKey, message.toString()));
    }

    /** Whether {@code seal} is the seal of {@code parts}, compared in constant time. */
    public boolean verifies(String seal, String... parts) {
        return seal != null && MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII),
                seal(parts).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(byte[] key, String message) {
        return HmacSha256.of(key, message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return name;
    }
}
