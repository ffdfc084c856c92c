package dev.tokenguard.core.broker;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) over {@link MessageDigest}. Not {@code javax.crypto.Mac}: its first
 * {@code getInstance} loads and asks every installed security provider and reads the JCE policy
 * files, some 40 ms on the first token call, where the seal of a credential's store key is made; the
 * SHA-256 digest is loaded for the credential's digest anyway.
 */
final class HmacSha256 {
    private static final int BLOCK_BYTES = 64;

    private HmacSha256() {}

    static byte[] of(byte[] key, byte[] message) {
        MessageDigest sha256 = newSha256();
        byte[] block = Arrays.copyOf(key.length > BLOCK_BYTES ? sha256.digest(key) : key, BLOCK_BYTES);
        byte[] inner = new byte[BLOCK_BYTES];
        byte[] outer = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        Arrays.fill(block, (byte) 0);
        sha256.update(inner);
        byte[] innerHash = sha256.digest(message);
        sha256.update(outer);
        return sha256.digest(innerHash);
    }

    private static MessageDigest newSha256() {
        try {
            // Not thread-safe: one per seal, cheap next to the token call a seal is made for.
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
