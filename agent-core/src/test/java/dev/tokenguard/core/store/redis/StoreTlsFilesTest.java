package dev.tokenguard.core.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenguard.core.config.StoreLocation;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tokenguard.store.tls.*: the files read when the store connects, and errors naming key and file. */
class StoreTlsFilesTest {
    private static final String PASSWORD = "st0re-secret";

    @TempDir
    Path dir;

    @Test
    void aReadableTrustStoreMakesTheContext() throws Exception {
        Path trust = emptyStore("trust.p12");
        assertNotNull(StoreTlsFiles.socketFactory(new StoreLocation.StoreTls(null, null, trust, PASSWORD)));
    }

    @Test
    void aMissingKeyStoreIsNamedWithItsKey() {
        Path missing = dir.resolve("client.p12");
        assertEquals("tokenguard.store.tls.key-store " + missing + ": no such file",
                failure(new StoreLocation.StoreTls(missing, PASSWORD, null, null)));
    }

    @Test
    void aWrongPasswordIsNamedWithoutQuotingEither() throws Exception {
        Path trust = emptyStore("trust.p12");
        String message = failure(new StoreLocation.StoreTls(null, null, trust, "wr0ng-secret"));
        assertEquals("tokenguard.store.tls.trust-store " + trust
                + ": it does not open with tokenguard.store.tls.trust-store-password", message);
        assertFalse(message.contains(PASSWORD) || message.contains("wr0ng-secret"));
    }

    @Test
    void aFileThatIsNoKeyStoreIsSaidToBeNone() throws Exception {
        Path pem = Files.writeString(dir.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\nnot a store\n");
        assertEquals("tokenguard.store.tls.key-store " + pem + ": not a PKCS12 or JKS key store",
                failure(new StoreLocation.StoreTls(pem, PASSWORD, null, null)));
    }

    private static String failure(StoreLocation.StoreTls files) {
        return assertThrows(IllegalStateException.class, () -> StoreTlsFiles.socketFactory(files)).getMessage();
    }

    private Path emptyStore(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
