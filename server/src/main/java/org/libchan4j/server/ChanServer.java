package org.libchan4j.server;

import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.libchan4j.ChanException;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.GrizzlyTyrus;
import org.libchan4j.server.internal.HandshakeTimeout;

/**
 * An embedded HTTP server (Grizzly + Tyrus) serving one {@link ChanEndpoint} and, optionally, static files on the
 * same port, over plain HTTP/ws or TLS/wss.
 *
 * <pre>{@code
 * ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
 *       // runs on the endpoint's executor, one task per session: blocking is fine here
 *       Receiver<Request> requests = session.accept(Request.class);
 *       for (Request r : requests) r.reply.send(new Reply(r.text.toUpperCase()));
 *     })
 *     .path("/chan")                                      // the default
 *     .authenticator(h -> "secret".equals(h.cookies().get("token"))
 *         ? AuthResult.allow() : AuthResult.unauthorized("no token"))
 *     .build();
 * try (ChanServer server = ChanServer.builder(endpoint)
 *         .port(8080)                                    // default 0: any free port, see port()
 *         .staticFiles(ChanServer.class.getClassLoader(), "/web")  // index.html etc. on the same port
 *         .tls(Path.of("server.p12"), "changeit".toCharArray())     // wss:// and https://
 *         .build()
 *         .start()) {
 *   System.out.println("listening on " + server.uri());
 *   ...
 * }   // close(): graceful shutdown, sessions see 1001
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start()} once; {@link #shutdown(Duration)} (or {@link #close()}) once. A server is
 * not restartable. The host defaults to {@code 127.0.0.1}: pass {@code "0.0.0.0"} to listen on every interface.
 * A connection that has not become a WebSocket within the {@linkplain Builder#handshakeTimeout handshake timeout}
 * (default 10 s) is closed, so slow or silent clients cannot hold connections open.
 *
 * <p><b>Threading.</b> Grizzly's selector and worker threads run the HTTP and WebSocket I/O, the handshake hooks
 * and the session engine's decoding; application code runs on the endpoint's executor (see {@link ChanEndpoint}).
 * After shutdown no thread of the server remains.
 *
 * <p><b>Errors.</b> {@link #start()} throws {@link ChanException} when the port cannot be bound or the keystore
 * cannot be read.
 */
public final class ChanServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChanServer.class.getName());
  /** Room above maxMessageBytes for frame headers; larger frames are stopped earlier by the FrameGuard. */
  private static final int FRAME_SLACK = 64 * 1024 + 14;
  /** How much input a closing connection discards at most by default ({@link Builder#closeDrainBytes}). */
  static final long DEFAULT_CLOSE_DRAIN_BYTES = 128L << 20;

  private final ChanEndpoint endpoint;
  private final String host;
  private final Duration shutdownTimeout;
  private final boolean secure;
  private final GrizzlyTyrus grizzly;
  private final FrameGuard guard;
  private boolean started;
  private boolean stopped;

  private ChanServer(Builder b) {
    this.endpoint = b.endpoint;
    this.host = b.host;
    this.shutdownTimeout = b.shutdownTimeout;
    this.secure = b.sslContext != null;
    int bufferSize = (int) Math.min(Integer.MAX_VALUE, (long) endpoint.limits().maxMessageBytes() + FRAME_SLACK);
    try {
      this.guard = new FrameGuard(endpoint.path(), endpoint.limits().maxMessageBytes(), endpoint::frameRefused,
          b.closeTimeout, b.closeDrainBytes);
      endpoint.closeConnectionsWith(guard::closeAndLinger);
      HandshakeTimeout timeout = new HandshakeTimeout(b.handshakeTimeout, endpoint::isOpenConnection);
      this.grizzly = new GrizzlyTyrus(host, b.port, endpoint.serverEndpointConfig(), b.staticFiles, b.sslContext,
          bufferSize, guard, timeout);
    } catch (DeploymentException e) {
      throw new ChanException("cannot deploy the WebSocket endpoint at " + endpoint.path() + ": " + e.getMessage(), e);
    }
  }

  /** A builder for a server of {@code endpoint}. */
  public static Builder builder(ChanEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /** Binds and starts serving. Returns this. */
  public synchronized ChanServer start() {
    if (started) throw new IllegalStateException("already started");
    started = true;
    try {
      grizzly.start();
    } catch (IOException e) {
      grizzly.stopNow();
      throw new ChanException("cannot listen on " + host + ": " + e.getMessage(), e);
    }
    LOG.log(System.Logger.Level.INFO, "libchan4j server listening on {0}", uri());
    return this;
  }

  /** The bound port: the real one when port 0 was configured. Valid after {@link #start()}. */
  public int port() {
    return grizzly.port();
  }

  /** The WebSocket URI, e.g. {@code ws://127.0.0.1:43210/chan} ({@code wss} with TLS). */
  public URI uri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((secure ? "wss://" : "ws://") + h + ":" + port() + endpoint.path());
  }

  /** The endpoint this server serves. */
  public ChanEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Graceful shutdown: stops accepting connections, closes open sessions with 1001, waits up to {@code timeout}
   * for them and their handlers, then closes whatever is left and releases every thread. Idempotent.
   *
   * @return true if everything ended within the timeout
   */
  public synchronized boolean shutdown(Duration timeout) {
    if (stopped) return true;
    stopped = true;
    if (!started) {
      grizzly.stopNow();
      return endpoint.shutdown(Duration.ZERO);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    grizzly.stopAccepting();
    boolean clean = endpoint.shutdown(timeout);
    try {
      // The sessions are closed; give their close frames time to reach the peers (they answer, and are let go).
      clean &= guard.awaitLingering(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    grizzly.stopNow();
    LOG.log(System.Logger.Level.INFO, "libchan4j server on port {0} stopped{1}", port(), clean ? "" : " (forced)");
    return clean;
  }

  /** {@link #shutdown(Duration)} with the configured timeout (default 10 s). */
  @Override
  public void close() {
    shutdown(shutdownTimeout);
  }

  /** Builder for {@link ChanServer}. */
  public static final class Builder {
    private final ChanEndpoint endpoint;
    private String host = "127.0.0.1";
    private int port;
    private HttpHandler staticFiles;
    private SSLContext sslContext;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private long closeDrainBytes = DEFAULT_CLOSE_DRAIN_BYTES;

    private Builder(ChanEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The interface to bind. Default {@code 127.0.0.1}; {@code 0.0.0.0} for all. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 (the default) picks a free one, readable from {@link ChanServer#port()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      this.port = port;
      return this;
    }

    /** Serves classpath resources under {@code prefix} (e.g. {@code "/web"}) at {@code /}. */
    public Builder staticFiles(ClassLoader loader, String prefix) {
      this.staticFiles = GrizzlyTyrus.classpathFiles(Objects.requireNonNull(loader, "loader"),
          Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Serves files of {@code directory} at {@code /}. */
    public Builder staticFiles(Path directory) {
      if (!Files.isDirectory(directory)) throw new IllegalArgumentException("not a directory: " + directory);
      this.staticFiles = GrizzlyTyrus.directoryFiles(directory.toAbsolutePath().toString());
      return this;
    }

    /** TLS with the key and certificate chain of a PKCS12 keystore (the key password equals the store's). */
    public Builder tls(Path pkcs12, char[] password) {
      this.sslContext = sslContext(pkcs12, password);
      return this;
    }

    /** TLS with a ready {@link SSLContext}. */
    public Builder tls(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** How long {@link ChanServer#close()} waits for sessions to close. Default 10 s. */
    public Builder shutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout: " + timeout);
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * How long a connection may take to become a WebSocket. From its accept (TLS included), and again after each
     * HTTP response on a keep-alive connection, a client has this long to send a complete request head; an upgrade
     * request must have opened its session within it. Otherwise the server closes the connection, so slow or silent
     * clients (slowloris) cannot hold connections open. A request being served and an open WebSocket session are
     * not timed. Default 10 s.
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = org.libchan4j.internal.Options.positive("handshakeTimeout", timeout);
      return this;
    }

    /**
     * Lingering close: after the server closes a session (any close code, a limit or protocol violation included)
     * it writes the close frame, hands no more input to the session, and reads and discards what the peer still
     * sends until the peer's close frame or the end of its output, for at most this long; then it closes the
     * connection. Without it, closing a connection with unread input resets it, and a peer still writing loses the
     * close frame telling it why. Default 5 s. See also {@link #closeDrainBytes}.
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = org.libchan4j.internal.Options.positive("closeTimeout", timeout);
      return this;
    }

    /**
     * Lingering close: the most input bytes a closing connection reads and discards (see {@link #closeTimeout})
     * before it is closed anyway. Default 128 MiB: a peer that sends a whole upload before it reads still gets
     * the close frame; the time bound is what keeps a connection from being held.
     */
    public Builder closeDrainBytes(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("closeDrainBytes must be >= 0: " + bytes);
      this.closeDrainBytes = bytes;
      return this;
    }

    public ChanServer build() {
      return new ChanServer(this);
    }

    private static SSLContext sslContext(Path pkcs12, char[] password) {
      try (InputStream in = Files.newInputStream(pkcs12)) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(in, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (IOException | GeneralSecurityException e) {
        throw new ChanException("cannot load PKCS12 keystore " + pkcs12 + ": " + e.getMessage(), e);
      }
    }
  }
}
