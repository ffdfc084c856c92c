package dev.tokenguard.demo.carrier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throw-away certificate for 127.0.0.1 and localhost, made at run time by the JDK's own keytool so
 * that nothing secret is checked in and nothing outside the JDK is needed.
 *
 * <p>Two PKCS12 files: the key store (private key and certificate) for the simulator's HTTPS port,
 * and a trust store holding only the certificate, for clients: in this JVM through
 * {@link #clientSslContext()}, in forked JVMs through {@link #trustStoreSystemProperties()}.
 */
public final class SelfSignedTls {
  private static final String ALIAS = "carrier-simulator";
  private static final String PASSWORD = "carrier-simulator";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path keyStore;
  private final Path trustStore;

  private SelfSignedTls(Path keyStore, Path trustStore) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
  }

  /** Generates into a new temporary directory, removed when the JVM exits. */
  public static SelfSignedTls generate() {
    try {
      Path dir = Files.createTempDirectory("carrier-simulator-tls");
      dir.toFile().deleteOnExit();
      return generate(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SelfSignedTls generate(Path dir) {
    Path keyStore = dir.resolve("keystore.p12");
    Path trustStore = dir.resolve("truststore.p12");
    keyStore.toFile().deleteOnExit();
    trustStore.toFile().deleteOnExit();
    runKeytool(keyStore);
    writeTrustStore(keyStore, trustStore);
    return new SelfSignedTls(keyStore, trustStore);
  }

  public Path keyStorePath() {
    return keyStore;
  }

  public Path trustStorePath() {
    return trustStore;
  }

  public String password() {
    return PASSWORD;
  }

  /** For the HTTPS server: presents the certificate. */
  public SSLContext serverSslContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keyStore), PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the generated key store " + keyStore, e);
    }
  }

  /** For clients in this JVM: trusts the certificate and nothing else. */
  public SSLContext clientSslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a client SSL context", e);
    }
  }

  /** For clients that take a trust manager of their own, such as OkHttp's {@code sslSocketFactory}. */
  public X509TrustManager trustManager() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore));
      return (X509TrustManager) trust.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the generated trust store " + trustStore, e);
    }
  }

  /** The {@code -D} options that make a forked JVM's default SSL context trust the simulator. */
  public List<String> trustStoreSystemProperties() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + trustStore,
        "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  private static void runKeytool(Path keyStore) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(), "-genkeypair", "-noprompt",
            "-alias", ALIAS,
            "-keyalg", "RSA", "-keysize", "2048",
            "-validity", "30",
            "-dname", "CN=127.0.0.1",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-storetype", "PKCS12",
            "-keystore", keyStore.toString(),
            "-storepass", PASSWORD,
            "-keypass", PASSWORD);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + keytool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  /** The JDK's PKCS12 store marks an entry set by setCertificateEntry as trusted, as keytool -importcert would. */
  private static void writeTrustStore(Path keyStore, Path trustStore) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, load(keyStore).getCertificate(ALIAS));
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        trusted.store(out, PASSWORD.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the trust store " + trustStore, e);
    }
  }

  private static KeyStore load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
