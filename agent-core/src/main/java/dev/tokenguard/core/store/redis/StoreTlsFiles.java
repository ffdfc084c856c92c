package dev.tokenguard.core.store.redis;

import dev.tokenguard.core.config.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of {@code tokenguard.store.tls.*}: the client's certificate from the key store, the
 * server's trusted from the trust store (the JVM's defaults for either left out). Read when the store
 * first connects, not at start, so that a JVM that never calls a carrier never reads them. Errors name
 * the key and the file, never a password.
 */
final class StoreTlsFiles {
    private static final String KEY_STORE = "tokenguard.store.tls.key-store";
    private static final String TRUST_STORE = "tokenguard.store.tls.trust-store";

    private StoreTlsFiles() {}

    /** @throws IllegalStateException naming the key and file that cannot be used, and why */
    static SSLSocketFactory socketFactory(StoreLocation.StoreTls files) {
        try {
            KeyManagerFactory keys = null;
            if (files.keyStore() != null) {
                char[] password = chars(files.keyStorePassword());
                KeyStore store = load(KEY_STORE, files.keyStore(), password);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                try {
                    keys.init(store, password);
                } catch (UnrecoverableKeyException e) {
                    throw unusable(KEY_STORE, files.keyStore(), "its key does not open with "
                            + KEY_STORE + "-password");
                }
            }
            TrustManagerFactory trust = null;
            if (files.trustStore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(TRUST_STORE, files.trustStore(), chars(files.trustStorePassword())));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context for the Redis store cannot be made: " + e.getMessage());
        }
    }

    /** A PKCS12 or JKS store, whichever the file is. */
    private static KeyStore load(String key, Path file, char[] password) throws GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw unusable(key, file, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw unusable(key, file, "not readable");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (KeyStoreException e) {
            throw unusable(key, file, "not a PKCS12 or JKS key store");
        } catch (IOException e) {
            throw unusable(key, file, e.getCause() instanceof UnrecoverableKeyException
                    ? "it does not open with " + key + "-password" : "unreadable (" + e.getMessage() + ")");
        }
    }

    private static IllegalStateException unusable(String key, Path file, String why) {
        return new IllegalStateException(key + " " + file + ": " + why);
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
