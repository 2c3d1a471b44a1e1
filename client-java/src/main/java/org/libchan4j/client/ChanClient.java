package org.libchan4j.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.spi.ClientContainer;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.internal.ClientEndpoint;
import org.libchan4j.client.internal.ClosedBeforeHandshakeException;
import org.libchan4j.client.internal.SessionContainer;
import org.libchan4j.client.internal.SharedClientContainer;
import org.libchan4j.client.internal.UpgradeRefusedException;
import org.libchan4j.internal.engine.HandshakeRefusal;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Opens a client {@link Session} over a WebSocket ({@code ws://} or {@code wss://}) with Tyrus's Java client.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .header("Authorization", "Bearer " + token)
 *     .trustStore(Path.of("trust.p12"), "changeit".toCharArray())   // for a private CA or self-signed server
 *     .connectTimeout(Duration.ofSeconds(5))
 *     .build();
 * try (Session session = ChanClient.connect(URI.create("wss://127.0.0.1:8443/chan"), options)) {
 *   Sender<Request> requests = session.newSender(Request.class);   // a top-level channel to the server
 *   requests.send(new Request("hello"));
 *   Receiver<Event> events = session.accept(Event.class);          // one the server opened toward us
 *   for (Event e : events) System.out.println(e);
 * } catch (HandshakeRejectedException e) {
 *   System.err.println("refused with HTTP " + e.status());
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> All connections of a JVM share one small runtime: one selector thread per core and a timer
 * thread. The first connection starts it; once no connection has been open for the idle timeout it stops and no
 * client thread remains. The idle timeout is the system property {@code libchan4j.client.idleTimeoutMillis}
 * (default 10000; read each time the last connection closes). The threads are daemons: they never keep the JVM
 * alive. Closing the session (either side, or a dropped connection) releases its connection.
 *
 * <p><b>Threading.</b> {@code connect} blocks until the session is open or fails (see
 * {@link ClientOptions.Builder#connectTimeout}). Inbound messages are decoded and delivered on the selector thread
 * that read them (no hand-off per message); application code never runs there, except continuations the
 * application attaches to the futures of {@code sendAsync}/{@code receiveAsync}/{@code acceptAsync} without an
 * executor: those must not block, or they stall every connection of that selector (use the {@code *Async}
 * variants of {@code CompletableFuture} with an executor for work that blocks).
 *
 * <p><b>Errors.</b> Every failure to connect is a {@link ChanConnectException}:
 * {@link ConnectionRefusedException}, {@link HandshakeRejectedException} (with the HTTP status),
 * {@link TlsFailureException}, {@link ConnectTimeoutException}, or the base class for anything else, such as a
 * server that closes the connection without answering the upgrade (typically a TLS port reached with
 * {@code ws://}: the message then suggests {@code wss://}). A refused handshake's message says which hook of a
 * libchan4j server refused it: 401 its {@code Authenticator}; 403 its {@code OriginPolicy} (the server's reason
 * phrase "Origin Not Allowed" tells that apart) or its {@code Authenticator}.
 */
public final class ChanClient {
  /** Leave room above maxMessageBytes for frame headers (Tyrus fails larger frames with 1011, not 1009). */
  private static final int FRAME_SLACK = 64 * 1024 + 14;
  private static final ConcurrentHashMap<Integer, ClientManager> MANAGERS = new ConcurrentHashMap<>();
  private static final SessionContainer SESSION_CONTAINER = new SessionContainer();
  /** The negotiated subprotocol ("" for none) of each session {@link #connect} opened, while it is reachable. */
  private static final Map<Session, String> SUBPROTOCOLS = Collections.synchronizedMap(new WeakHashMap<>());

  private ChanClient() {}

  /** Connects with {@link ClientOptions#defaults()}. */
  public static Session connect(URI uri) {
    return connect(uri, ClientOptions.defaults());
  }

  /**
   * Connects and opens a {@link Session.Role#CLIENT} session.
   *
   * @throws ChanConnectException (a subclass where the cause is known) when no session could be opened
   * @throws IllegalArgumentException when the URI is not ws or wss
   */
  public static Session connect(URI uri, ClientOptions options) {
    WebSocketTransport transport = connectTransport(uri, options);
    String sub = transport.webSocket().getNegotiatedSubprotocol();
    SessionOptions.Builder so = SessionOptions.builder(Session.Role.CLIENT).limits(options.limits())
        .mode(SessionOptions.Mode.ofSubprotocol(sub)).channelCapacity(options.channelCapacity())
        .streamWindow(options.streamWindow()).keepAlive(options.keepAlive())
        .resumeWindow(options.resumeWindow()).replayWindow(options.replayWindow());
    if (options.gson() != null) so.gson(options.gson());
    if (options.executor() != null) so.executor(options.executor());
    if (options.listener() != null) so.listener(options.listener());
    if (options.observer() != null) so.observer(options.observer());
    Session session;
    try {
      session = org.libchan4j.internal.session.SessionImpl.open(transport, so.build(),
          options.resumeWindow().isZero() ? null : Reconnector.of(uri, options));
    } catch (RuntimeException e) {
      transport.close(org.libchan4j.CloseCodes.INTERNAL_ERROR, "session could not open");
      throw e;
    }
    SUBPROTOCOLS.put(session, sub == null ? "" : sub);
    return session;
  }

  /**
   * The subprotocol the server chose in the WebSocket handshake of {@code session}, or {@code null} when none was
   * negotiated (the client offered none, as jschan does, or the server supports none of those offered). Answers
   * after the session has closed too.
   *
   * @throws IllegalArgumentException when {@code session} was not opened by {@link #connect}
   */
  public static String subprotocol(Session session) {
    String sub = SUBPROTOCOLS.get(Objects.requireNonNull(session, "session"));
    if (sub == null) throw new IllegalArgumentException("not a session opened by ChanClient.connect: " + session);
    return sub.isEmpty() ? null : sub;
  }

  /** Connects the WebSocket and returns its transport, not started. (The seam tests use.) */
  static WebSocketTransport connectTransport(URI uri, ClientOptions options) {
    return connectTransport(uri, options, options.connectTimeout());
  }

  /** As {@link #connectTransport(URI, ClientOptions)} with another connect timeout (reconnects use a shorter one). */
  static WebSocketTransport connectTransport(URI uri, ClientOptions options, java.time.Duration connectTimeout) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
    }
    ClientEndpointConfig.Builder builder = ClientEndpointConfig.Builder.create()
        .preferredSubprotocols(options.offeredSubprotocols())
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(Map<String, List<String>> headers) {
            options.headers().forEach((k, v) -> headers.put(k, v));
          }
        });
    if (options.sslContext() != null) builder.sslContext(options.sslContext());
    ClientEndpointConfig config = builder.build();
    // Per connection, unlike the manager's properties: Tyrus reads this one from the endpoint config first.
    config.getUserProperties().put(ClientContainer.WLS_INCOMING_BUFFER_SIZE,
        (int) Math.min(Integer.MAX_VALUE, (long) options.limits().maxMessageBytes() + FRAME_SLACK));
    ClientEndpoint endpoint = new ClientEndpoint(options.limits().maxMessageBytes(),
        options.limits().maxBufferedBytes());
    config.getUserProperties().put(ClientEndpoint.KEY, endpoint); // it writes its frames on the connection itself
    long start = System.nanoTime();
    try {
      manager((int) connectTimeout.toMillis()).connectToServer(endpoint, config, uri);
    } catch (DeploymentException | IOException e) {
      throw ConnectFailures.map(uri, connectTimeout, System.nanoTime() - start, e);
    }
    return endpoint.transport();
  }

  /**
   * The Tyrus client manager for a handshake timeout (the one setting Tyrus reads from the manager rather than the
   * connection). Managers are shared and start no thread of their own: connections run on the shared runtime, and
   * their sessions take their executors from {@link SessionContainer}.
   */
  private static ClientManager manager(int handshakeTimeoutMillis) {
    return MANAGERS.computeIfAbsent(handshakeTimeoutMillis, timeout -> {
      ClientManager m = ClientManager.createClient(SharedClientContainer.class.getName(), SESSION_CONTAINER);
      m.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, timeout);
      return m;
    });
  }

  /** Translates Tyrus's exceptions into the typed ones. */
  static final class ConnectFailures {
    static ChanConnectException map(URI uri, java.time.Duration timeout, long elapsedNanos, Exception e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof UpgradeRefusedException) {
          UpgradeRefusedException r = (UpgradeRefusedException) c;
          return new HandshakeRejectedException(r.status(), "WebSocket handshake with " + uri + " rejected: "
              + HandshakeRefusal.explain(r.status(), r.reasonPhrase()), e);
        }
        Integer status = httpStatus(c);
        if (status != null) {
          return new HandshakeRejectedException(status, "WebSocket handshake with " + uri + " rejected: "
              + HandshakeRefusal.explain(status, null), e);
        }
        if (c instanceof java.net.ConnectException) {
          return new ConnectionRefusedException("connection refused by " + uri.getHost() + ":" + port(uri)
              + " (" + c.getMessage() + "): the server is unreachable (not running, or another host or port)", e);
        }
        if (c instanceof SSLException) {
          return new TlsFailureException("TLS handshake with " + uri + " failed: " + c.getMessage(), e);
        }
        if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) {
          return timeout(uri, timeout, e);
        }
        if (c instanceof ClosedBeforeHandshakeException) {
          String hint = "ws".equalsIgnoreCase(uri.getScheme()) ? " (if the server uses TLS, connect with wss://)" : "";
          return new ChanConnectException(c.getMessage() + hint, e);
        }
        if (c instanceof java.net.UnknownHostException) {
          return new ChanConnectException("unknown host " + uri.getHost(), e);
        }
      }
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("not received") || elapsedNanos >= timeout.toNanos()) return timeout(uri, timeout, e);
      return new ChanConnectException("cannot connect to " + uri + ": " + msg, e);
    }

    private static ConnectTimeoutException timeout(URI uri, java.time.Duration timeout, Exception e) {
      // Most TLS servers close a plain connection at once (ClosedBeforeHandshakeException), some wait: say so.
      String hint = "ws".equalsIgnoreCase(uri.getScheme()) ? " (if the server uses TLS, connect with wss://)" : "";
      return new ConnectTimeoutException(timeout, "no WebSocket handshake response from " + uri + " within "
          + timeout.toMillis() + " ms" + hint, e);
    }

    private static Integer httpStatus(Throwable c) {
      if (c instanceof org.glassfish.tyrus.client.exception.DeploymentHandshakeException) {
        return ((org.glassfish.tyrus.client.exception.DeploymentHandshakeException) c).getHttpStatusCode();
      }
      if (c instanceof org.glassfish.tyrus.core.HandshakeException) {
        return ((org.glassfish.tyrus.core.HandshakeException) c).getHttpStatusCode();
      }
      return null;
    }

    private static int port(URI uri) {
      if (uri.getPort() != -1) return uri.getPort();
      return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
  }
}
