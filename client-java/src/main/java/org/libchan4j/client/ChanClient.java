package org.libchan4j.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.internal.ClientEndpoint;
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
 * <p><b>Lifecycle.</b> Each connection has its own small Tyrus/Grizzly runtime (one selector and two worker
 * threads); closing the session (either side, or a dropped connection) releases it.
 *
 * <p><b>Threading.</b> {@code connect} blocks until the session is open or fails, at most the connect timeout.
 * Inbound messages are decoded on the connection's worker threads; application code never runs there.
 *
 * <p><b>Errors.</b> Every failure to connect is a {@link ChanConnectException}:
 * {@link ConnectionRefusedException}, {@link HandshakeRejectedException} (with the HTTP status),
 * {@link TlsFailureException}, {@link ConnectTimeoutException}, or the base class for anything else. Note: a
 * {@code ws://} URI pointing at a TLS port fails only when the connect timeout expires (Tyrus's client does not
 * report a connection the server closed before answering); the timeout's message suggests {@code wss://}.
 */
public final class ChanClient {
  /** Leave room above maxMessageBytes for frame headers (Tyrus fails larger frames with 1011, not 1009). */
  private static final int FRAME_SLACK = 64 * 1024 + 14;

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
    SessionOptions.Builder so = SessionOptions.builder(Session.Role.CLIENT).limits(options.limits());
    if (options.gson() != null) so.gson(options.gson());
    if (options.executor() != null) so.executor(options.executor());
    try {
      return Session.open(transport, so.build());
    } catch (RuntimeException e) {
      transport.close(org.libchan4j.CloseCodes.INTERNAL_ERROR, "session could not open");
      throw e;
    }
  }

  /** Connects the WebSocket and returns its transport, not started. (The seam tests use.) */
  static WebSocketTransport connectTransport(URI uri, ClientOptions options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
    }
    ClientManager manager = ClientManager.createClient(GrizzlyClientContainer.class.getName());
    Map<String, Object> props = manager.getProperties();
    props.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) options.connectTimeout().toMillis());
    props.put(ClientProperties.INCOMING_BUFFER_SIZE,
        (int) Math.min(Integer.MAX_VALUE, (long) options.limits().maxMessageBytes() + FRAME_SLACK));
    if (options.sslContext() != null) {
      props.put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
          new SslEngineConfigurator(options.sslContext(), true, false, false));
    }
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
        .preferredSubprotocols(options.subprotocols())
        .configurator(new ClientEndpointConfig.Configurator() {
          @Override
          public void beforeRequest(Map<String, List<String>> headers) {
            options.headers().forEach((k, v) -> headers.put(k, v));
          }
        })
        .build();
    ClientEndpoint endpoint = new ClientEndpoint(options.limits().maxMessageBytes(),
        options.limits().maxBufferedBytes());
    long start = System.nanoTime();
    try {
      manager.connectToServer(endpoint, config, uri);
    } catch (DeploymentException | IOException e) {
      manager.shutdown();
      throw ConnectFailures.map(uri, options.connectTimeout(), System.nanoTime() - start, e);
    }
    WebSocketTransport t = endpoint.transport();
    t.onClosedHook(closed -> manager.shutdown());
    if (t.isClosed()) manager.shutdown();
    return t;
  }

  /** Translates Tyrus's exceptions into the typed ones. */
  static final class ConnectFailures {
    static ChanConnectException map(URI uri, java.time.Duration timeout, long elapsedNanos, Exception e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        Integer status = httpStatus(c);
        if (status != null) {
          return new HandshakeRejectedException(status, "WebSocket handshake with " + uri + " rejected: HTTP "
              + status, e);
        }
        if (c instanceof java.net.ConnectException) {
          return new ConnectionRefusedException("connection refused by " + uri.getHost() + ":" + port(uri)
              + " (" + c.getMessage() + ")", e);
        }
        if (c instanceof SSLException) {
          return new TlsFailureException("TLS handshake with " + uri + " failed: " + c.getMessage(), e);
        }
        if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.SocketTimeoutException) {
          return timeout(uri, timeout, e);
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
      // Tyrus's client ignores a connection closed before the handshake response and waits for the timeout; a
      // TLS server (Grizzly's SSL filter) closes plain connections at once, so say so for ws:// URIs.
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
