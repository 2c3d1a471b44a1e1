package org.libchan4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the JDK's keytool at test time: {@link #generate} into
 * a directory, or {@link #shared} once per test JVM; {@link #generateFor} names other hosts (host name checks).
 */
public final class TestCerts {
  public static final char[] PASSWORD = "changeit".toCharArray();
  public final Path keystore;
  public final Path truststore;
  private static TestCerts shared;

  private TestCerts(Path keystore, Path truststore) {
    this.keystore = keystore;
    this.truststore = truststore;
  }

  public static synchronized TestCerts shared() throws IOException, InterruptedException {
    if (shared == null) {
      Path dir = Files.createTempDirectory("libchan4j-test-certs");
      dir.toFile().deleteOnExit();
      shared = generate(dir);
    }
    return shared;
  }

  public static TestCerts generate(Path dir) throws IOException, InterruptedException {
    return generateFor(dir, "localhost", "ip:127.0.0.1", "dns:localhost");
  }

  /**
   * A self-signed certificate with common name {@code cn} valid only for {@code subjectAltNames} (keytool's
   * {@code SAN} syntax, e.g. {@code "dns:localhost"}, {@code "ip:127.0.0.1"}), written into {@code dir}, which must
   * not already hold one: its truststore trusts it whatever name a client connects with.
   */
  public static TestCerts generateFor(Path dir, String cn, String... subjectAltNames)
      throws IOException, InterruptedException {
    if (subjectAltNames.length == 0) throw new IllegalArgumentException("a certificate needs at least one name");
    Path ks = dir.resolve("server.p12");
    Path cert = dir.resolve("server.cer");
    Path ts = dir.resolve("trust.p12");
    String pw = new String(PASSWORD);
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
        "-ext", "SAN=" + String.join(",", subjectAltNames), "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", pw, "-keypass", pw);
    keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storepass", pw, "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", ts.toString(), "-storepass", pw);
    for (Path p : List.of(ks, cert, ts)) p.toFile().deleteOnExit();
    return new TestCerts(ks, ts);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
