package org.libchan4j.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.libchan4j.client.ClientOptions;

/**
 * A real nginx (Debian's {@code /usr/sbin/nginx}) in front of one backend, for tests: TLS on 127.0.0.1 with a
 * self-signed certificate, WebSocket proxying under a path prefix, with the site configuration of
 * {@code chan-site.conf} (the one the README documents). Each instance has its own directory for the
 * configuration, pid file, logs and temp paths; nothing outside it is touched.
 *
 * <p><b>Lifecycle.</b> {@link #start()} picks a free port the first time and keeps it: {@link #stop()} then
 * {@link #start()} (or {@link #restart()}) comes back on the same port, so clients reconnect to the same URI.
 * {@link #stop()} is nginx's fast shutdown (SIGTERM to the master): every proxied connection is dropped at once,
 * without a WebSocket close frame, and it returns only once the master and its worker have exited. (A
 * {@code nginx -s reload} would keep old workers serving open connections: it is not a restart.) {@link #close()}
 * stops and deletes the directory; a JVM shutdown hook stops instances a failed test left running.
 *
 * <p>A missing nginx is an error, never a skip: {@code scripts/test} installs it.
 */
public final class Nginx implements AutoCloseable {
  /** The nginx binary; {@code -Dlibchan4j.nginx=...} points elsewhere. */
  static final Path BINARY = Path.of(System.getProperty("libchan4j.nginx", "/usr/sbin/nginx"));
  private static final String SITE_TEMPLATE = "chan-site.conf";
  private static final Duration STARTUP = Duration.ofSeconds(20);
  private static final int PORT_ATTEMPTS = 5;
  private static final Set<Nginx> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Nginx::stopQuietly), "nginx-fixture-stop"));
  }

  private final int backendPort;
  private final String prefix;
  private final Duration readTimeout;
  private final ProxyCerts certs;
  private final Path dir;
  private int port;
  private Process master;
  private LogWatch log;
  private boolean closed;

  private Nginx(Builder b) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: the proxy tests need Debian's nginx"
          + " (scripts/test installs it; by hand: apt-get update && apt-get install -y nginx-light)");
    }
    this.backendPort = b.backendPort;
    this.prefix = b.prefix;
    this.readTimeout = b.readTimeout;
    this.certs = ProxyCerts.get();
    try {
      // World-traversable: started as root, nginx's worker runs as its default user (nobody) and needs the temp
      // paths inside (the master creates them and hands them to that user). The key file stays private.
      this.dir = Files.createTempDirectory("libchan4j-nginx",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A proxy in front of {@code 127.0.0.1:backendPort}. */
  public static Builder builder(int backendPort) {
    return new Builder(backendPort);
  }

  /**
   * Starts nginx and returns once it listens. The first start picks a free port (another one if that port was
   * taken meanwhile); later starts reuse it.
   */
  public synchronized Nginx start() {
    if (closed) throw new IllegalStateException("closed");
    if (master != null) throw new IllegalStateException("already running on port " + port);
    if (port != 0) {
      launch(); // a restart: the same port, or a failure that says why
      return this;
    }
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      try {
        launch();
        return this;
      } catch (PortTaken e) {
        if (attempt == PORT_ATTEMPTS) throw new IllegalStateException("no free port after " + attempt + " tries", e);
      }
    }
  }

  /**
   * Fast shutdown: drops every client and backend connection at once and returns when master and worker have
   * exited (their log pipe is closed). Does nothing when not running.
   */
  public synchronized void stop() {
    Process p = master;
    if (p == null) return;
    master = null;
    try {
      p.destroy(); // SIGTERM: nginx's fast shutdown
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException("nginx did not stop within 10 s:\n" + log.text());
      }
      log.closed.get(10, TimeUnit.SECONDS); // EOF: the worker, which shares the pipe, is gone too
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("nginx's worker outlived its master:\n" + log.text(), e);
    } finally {
      RUNNING.remove(this);
    }
  }

  /** {@link #stop()} then {@link #start()} on the same port: open connections end, new ones are served. */
  public synchronized void restart() {
    stop();
    start();
  }

  /** Stops nginx and deletes its directory. */
  @Override
  public synchronized void close() {
    if (closed) return;
    try {
      stop();
    } finally {
      closed = true;
      deleteTree(dir);
    }
  }

  public synchronized boolean isRunning() {
    return master != null && master.isAlive();
  }

  /** The TLS port on 127.0.0.1 (0 before the first start). */
  public synchronized int port() {
    return port;
  }

  /** {@code wss://127.0.0.1:PORT/PREFIX} + {@code pathAndQuery}, e.g. {@code uri("/chan?x=1")}. */
  public URI uri(String pathAndQuery) {
    return URI.create("wss://127.0.0.1:" + port() + prefix + pathAndQuery);
  }

  /** {@code https://127.0.0.1:PORT/PREFIX} + {@code path}: pages through the same location. */
  public URI httpsUri(String path) {
    return URI.create("https://127.0.0.1:" + port() + prefix + path);
  }

  /** The origin of pages served through this proxy, as a browser sends it: {@code https://127.0.0.1:PORT}. */
  public String origin() {
    return "https://127.0.0.1:" + port();
  }

  /** Client options that trust this proxy's certificate. */
  public ClientOptions.Builder clientOptions() {
    return ClientOptions.builder().trustStore(certs.truststore, ProxyCerts.PASSWORD);
  }

  /** The truststore (PKCS12, password {@code changeit}) holding this proxy's certificate. */
  public Path trustStore() {
    return certs.truststore;
  }

  /** What nginx wrote to stderr (notice level and above) since it was last started. */
  public synchronized String log() {
    return log == null ? "" : log.text();
  }

  /** nginx's own error log at info level (connection errors included), since this instance was created. */
  public String errorLog() {
    try {
      Path file = dir.resolve("error.log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The site configuration this instance runs: {@code chan-site.conf} with its placeholders filled in. */
  public String siteConfig() {
    String site = siteTemplate()
        .replace("{{LISTEN}}", "127.0.0.1:" + port)
        .replace("{{CERT}}", certs.cert.toString())
        .replace("{{KEY}}", certs.key.toString())
        .replace("{{PREFIX}}", prefix)
        .replace("{{BACKEND}}", "127.0.0.1:" + backendPort);
    if (readTimeout != null) {
      String directive = "proxy_read_timeout 1h;";
      if (!site.contains(directive)) throw new IllegalStateException(SITE_TEMPLATE + " lost '" + directive + "'");
      site = site.replace(directive, "proxy_read_timeout " + readTimeout.toMillis() + "ms;");
    }
    if (site.contains("{{")) throw new IllegalStateException("unfilled placeholder in " + SITE_TEMPLATE + ":\n" + site);
    return site;
  }

  /** The site template as the README shows it. */
  static String siteTemplate() {
    try (InputStream in = Nginx.class.getResourceAsStream(SITE_TEMPLATE)) {
      if (in == null) throw new IllegalStateException(SITE_TEMPLATE + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The main context around the site: one worker, and every file nginx writes kept in {@link #dir}. */
  private String mainConfig() {
    String d = dir.toString();
    return String.join("\n",
        "daemon off;                      # the JVM owns the master process",
        "master_process on;",
        "worker_processes 1;",
        "pid " + d + "/nginx.pid;",
        "error_log " + d + "/error.log info;",
        "error_log stderr notice;         # read by the fixture: startup, bind failures",
        "events { worker_connections 512; }",
        "http {",
        "    access_log " + d + "/access.log;",
        "    client_body_temp_path " + d + "/client_body;",
        "    proxy_temp_path " + d + "/proxy;",
        "    fastcgi_temp_path " + d + "/fastcgi;",
        "    uwsgi_temp_path " + d + "/uwsgi;",
        "    scgi_temp_path " + d + "/scgi;",
        "    include " + d + "/site.conf;",
        "}",
        "");
  }

  private void launch() {
    Path conf = dir.resolve("nginx.conf");
    try {
      Files.writeString(dir.resolve("site.conf"), siteConfig());
      Files.writeString(conf, mainConfig());
      // -e: the log used before the configuration is read (Debian's default would be /var/log/nginx/error.log).
      Process p = new ProcessBuilder(BINARY.toString(), "-e", "stderr", "-p", dir.toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .start();
      log = new LogWatch(p.getInputStream(), port);
      RUNNING.add(this);
      master = p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY, e);
    }
    String outcome;
    try {
      outcome = CompletableFuture.anyOf(log.ready, log.failed, master.onExit()).get(STARTUP.toSeconds(), TimeUnit.SECONDS)
          instanceof String s ? s : "nginx exited with code " + master.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "interrupted";
    } catch (ExecutionException | TimeoutException e) {
      outcome = "no 'start worker process' within " + STARTUP.toSeconds() + " s";
    }
    if (outcome.equals(LogWatch.READY)) return;
    stop();
    if (outcome.contains("Address already in use")) throw new PortTaken(outcome);
    throw new IllegalStateException("nginx did not start on 127.0.0.1:" + port + ": " + outcome + "\n" + log.text()
        + "\nconfiguration " + conf + ":\n" + mainConfig() + siteConfig());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stopQuietly(Nginx n) {
    try {
      n.stop();
    } catch (RuntimeException ignored) {
      // the JVM is exiting; stop() already tried SIGKILL
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temp directory is not worth failing a test for
    }
  }

  /** The port was taken between choosing it and nginx binding it. */
  private static final class PortTaken extends RuntimeException {
    PortTaken(String message) {
      super(message);
    }
  }

  /**
   * Reads nginx's stderr (master and worker share it) on a daemon thread: readiness is the master's
   * "start worker process" line, which it writes after binding; an {@code [emerg]} line is a failed start.
   */
  private static final class LogWatch {
    static final String READY = "ready";
    final CompletableFuture<String> ready = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Deque<String> lines = new ArrayDeque<>();

    LogWatch(InputStream in, int port) {
      Thread t = new Thread(() -> read(in), "nginx-log-" + port);
      t.setDaemon(true);
      t.start();
    }

    private void read(InputStream in) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > 200) lines.removeFirst();
          }
          if (line.contains("start worker process ")) ready.complete(READY);
          if (line.contains("[emerg]")) failed.complete(line);
        }
      } catch (IOException e) {
        // the pipe broke: treated as closed
      } finally {
        failed.complete("nginx closed its log before it was ready");
        closed.complete(null);
      }
    }

    String text() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }

  /** Builder for {@link Nginx}. */
  public static final class Builder {
    private final int backendPort;
    private String prefix = "/app";
    private Duration readTimeout;

    private Builder(int backendPort) {
      if (backendPort <= 0 || backendPort > 65535) throw new IllegalArgumentException("backend port " + backendPort);
      this.backendPort = backendPort;
    }

    /** The path prefix nginx strips, e.g. {@code "/app"} (the default): {@code /app/chan} reaches {@code /chan}. */
    public Builder prefix(String prefix) {
      if (!prefix.startsWith("/") || prefix.endsWith("/")) {
        throw new IllegalArgumentException("a prefix starts with '/' and does not end with one: " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /** Overrides the template's {@code proxy_read_timeout 1h}. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** Creates the instance and {@link Nginx#start() starts} it. */
    public Nginx start() {
      return new Nginx(this).start();
    }
  }
}
