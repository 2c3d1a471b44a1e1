package org.libchan4j.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import org.libchan4j.testing.TestCerts;

/**
 * The self-signed certificate nginx serves (127.0.0.1 and localhost), made once per JVM with the JDK's keytool
 * ({@link TestCerts}) and exported to the PEM files nginx reads; the clients trust it through {@link #truststore}.
 * No openssl binary is needed.
 */
final class ProxyCerts {
  static final char[] PASSWORD = TestCerts.PASSWORD;
  private static ProxyCerts instance;

  final Path cert;
  final Path key;
  final Path truststore;

  private ProxyCerts(Path cert, Path key, Path truststore) {
    this.cert = cert;
    this.key = key;
    this.truststore = truststore;
  }

  static synchronized ProxyCerts get() {
    if (instance != null) return instance;
    try {
      Path dir = Files.createTempDirectory("libchan4j-certs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> Nginx.deleteTree(dir), "libchan4j-certs-cleanup"));
      TestCerts certs = TestCerts.generate(dir);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(certs.keystore)) {
        ks.load(in, PASSWORD);
      }
      Key privateKey = ks.getKey("server", PASSWORD);
      Certificate certificate = ks.getCertificate("server");
      Path cert = dir.resolve("server.crt");
      Path key = dir.resolve("server.key");
      Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
      Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded())); // PKCS#8, which nginx reads
      instance = new ProxyCerts(cert, key, certs.truststore);
      return instance;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot export the test certificate to PEM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating the test certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
