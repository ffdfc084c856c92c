package dev.tokenguard.core.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests of secrets and tokens. Logs, JMX and messages show a token or credential only as
 * its short fingerprint: the first 8 hex digits of the digest.
 */
public final class Fingerprints {
    private static final HexFormat HEX = HexFormat.of();

    private Fingerprints() {}

    /** The whole digest in hex, for comparing secrets without keeping them. */
    public static String sha256Hex(String text) {
        try {
            // MessageDigest instances are not thread-safe, and getInstance is cheap next to a token call.
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first 8 hex digits of the SHA-256 digest. */
    public static String of(String text) {
        return sha256Hex(text).substring(0, 8);
    }
}
