package org.libchan4j.server.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.StaticHttpHandler;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.libchan4j.websocket.internal.ContainerTimer;

/**
 * A Grizzly {@link HttpServer} bound to one host and port that serves static files and, through Tyrus's filter
 * placed just before Grizzly's {@code http.server.HttpServerFilter}, one WebSocket endpoint on the same port.
 * (Tyrus's own {@code Server} would bind 0.0.0.0.)
 */
public final class GrizzlyTyrus {
  private final HttpServer http;
  private final NetworkListener listener;
  private final TyrusServerContainer container;
  private final HandshakeTimeout handshakeTimeout;
  private final FrameGuard guard;
  /** Tyrus's timer for the sessions (timeouts, heartbeats): our named thread instead of its anonymous pool. */
  private final ContainerTimer timer = new ContainerTimer("libchan4j-server-timer-");

  /** As the full constructor, with no handshake timeout (benchmarks and tests of the raw stack). */
  public GrizzlyTyrus(String host, int port, ServerEndpointConfig endpoint, HttpHandler staticHandler,
      SSLContext sslContext, int incomingBufferSize, FrameGuard guard) throws DeploymentException {
    this(host, port, endpoint, staticHandler, sslContext, incomingBufferSize, guard, null);
  }

  /**
   * @param staticHandler static files, or {@code null} for none (then non-WebSocket requests get 404)
   * @param sslContext TLS, or {@code null} for plain
   * @param incomingBufferSize Tyrus's largest frame, in bytes
   * @param guard placed before Tyrus's filter to refuse oversized frames early
   * @param handshakeTimeout placed after the guard, closes connections that do not become WebSockets in time; or
   *     {@code null} for none
   */
  public GrizzlyTyrus(String host, int port, ServerEndpointConfig endpoint, HttpHandler staticHandler,
      SSLContext sslContext, int incomingBufferSize, FrameGuard guard, HandshakeTimeout handshakeTimeout)
      throws DeploymentException {
    this.handshakeTimeout = handshakeTimeout;
    this.guard = guard;
    container = new TyrusServerContainer((java.util.Set<Class<?>>) null) {
      private final WebSocketEngine engine =
          TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();

      @Override
      public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
      }

      @Override
      public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
      }

      @Override
      public WebSocketEngine getWebSocketEngine() {
        return engine;
      }

      @Override
      public Map<String, Object> getProperties() {
        return Map.of();
      }

      @Override
      public java.util.concurrent.ScheduledExecutorService getScheduledExecutorService() {
        return timer;
      }
    };
    container.register(endpoint);

    http = new HttpServer();
    listener = new NetworkListener("libchan4j", host, port);
    if (sslContext != null) {
      listener.setSecure(true);
      listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext, false, false, false));
    }
    // Upgraded connections live as long as their sessions: no HTTP keep-alive idle timeout. Connections that are
    // not WebSockets are closed by the HandshakeTimeout instead.
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    listener.registerAddOn((networkListener, builder) -> {
      int idx = builder.indexOfType(org.glassfish.grizzly.http.server.HttpServerFilter.class);
      builder.add(idx, new GrizzlyServerFilter(container, "/"));
      if (handshakeTimeout != null) builder.add(idx, handshakeTimeout);
      builder.add(idx, guard);
      // Before the HTTP codec: an upgraded connection's input skips it, and it forgets the upgrade request.
      builder.add(builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class), new UpgradedInput());
    });
    // HTTP and the handshake on worker threads (a slow handshake hook cannot stall a selector), WebSocket frames on
    // the selector that read them (no hand-off per message).
    listener.getTransport().setIOStrategy(WebSocketIOStrategy.getInstance());
    http.addListener(listener);
    http.getServerConfiguration().addHttpHandler(staticHandler != null ? staticHandler : new NotFound(), "/");
  }

  public static HttpHandler classpathFiles(ClassLoader loader, String prefix) {
    String p = prefix.endsWith("/") ? prefix : prefix + "/";
    CLStaticHttpHandler h = new CLStaticHttpHandler(loader, p.startsWith("/") ? p : "/" + p);
    h.setFileCacheEnabled(false);
    return h;
  }

  public static HttpHandler directoryFiles(String dir) {
    StaticHttpHandler h = new StaticHttpHandler(dir);
    h.setFileCacheEnabled(false);
    return h;
  }

  public void start() throws IOException {
    http.start();
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return listener.getPort();
  }

  /** Closes the listening socket, leaving open connections (and their close handshakes) running. */
  public void stopAccepting() {
    listener.getTransport().unbindAll();
  }

  /** Closes every connection and releases every Grizzly and Tyrus thread. */
  public void stopNow() {
    http.shutdownNow();
    container.stop();
    timer.shutdownNow();
    if (handshakeTimeout != null) handshakeTimeout.stop();
    guard.stop();
  }

  private static final class NotFound extends HttpHandler {
    @Override
    public void service(org.glassfish.grizzly.http.server.Request request,
        org.glassfish.grizzly.http.server.Response response) throws Exception {
      response.sendError(404);
    }
  }
}
