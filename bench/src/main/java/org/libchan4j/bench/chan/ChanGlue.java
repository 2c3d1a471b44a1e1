package org.libchan4j.bench.chan;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.libchan4j.Limits;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.internal.ClientEndpoint;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.GrizzlyTyrus;
import org.libchan4j.transport.Transport;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Sessions over the same WebSocket transport and Grizzly/Tyrus stack as {@code ChanServer}/{@code ChanClient}, with
 * the mode set on both ends and each session's transport wrapped in the {@link CoalescingTransport} prototype when
 * asked: what the libchan4j-coalescing system runs. Uses internal classes; delete with the prototype.
 */
final class ChanGlue {
  private static final int FRAME_SLACK = 64 * 1024 + 14;
  private static volatile ClientManager shared;

  private ChanGlue() {}

  /** A Grizzly+Tyrus server on 127.0.0.1, port 0, exactly as ChanServer builds it, opening sessions in {@code mode}. */
  static GrizzlyTyrus server(String path, SessionOptions.Mode mode, boolean coalesce, Limits limits,
      Executor executor, Consumer<Session> handler) throws Exception {
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ForcedEndpoint.class, path)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> T getEndpointInstance(Class<T> c) {
            return (T) new ForcedEndpoint(mode, coalesce, limits, executor, handler);
          }
        })
        .build();
    GrizzlyTyrus g = new GrizzlyTyrus("127.0.0.1", 0, config, null, null, limits.maxMessageBytes() + FRAME_SLACK,
        new FrameGuard(path, limits.maxMessageBytes(), (id, reason) -> false));
    g.start();
    return g;
  }

  /** A client session in {@code mode} over a connection of the JVM-wide shared Tyrus client runtime. */
  static Session connect(URI uri, SessionOptions.Mode mode, boolean coalesce, Limits limits) throws Exception {
    ClientEndpoint endpoint = new ClientEndpoint(limits.maxMessageBytes(), limits.maxBufferedBytes());
    ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
    manager().connectToServer(endpoint, config, uri);
    Transport t = endpoint.transport();
    return Session.open(coalesce ? new CoalescingTransport(t) : t,
        SessionOptions.builder(Session.Role.CLIENT).mode(mode).limits(limits).build());
  }

  private static ClientManager manager() {
    ClientManager m = shared;
    if (m != null) return m;
    synchronized (ChanGlue.class) {
      if (shared == null) {
        m = ClientManager.createClient(GrizzlyClientContainer.class.getName());
        m.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        m.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, Limits.defaults().maxMessageBytes() + FRAME_SLACK);
        shared = m;
      }
      return shared;
    }
  }

  /** Per connection: wraps the WebSocket in the library's transport and opens a session on the executor. */
  public static final class ForcedEndpoint extends Endpoint {
    private final SessionOptions.Mode mode;
    private final boolean coalesce;
    private final Limits limits;
    private final Executor executor;
    private final Consumer<Session> handler;
    private volatile WebSocketTransport transport;

    ForcedEndpoint(SessionOptions.Mode mode, boolean coalesce, Limits limits, Executor executor,
        Consumer<Session> handler) {
      this.mode = mode;
      this.coalesce = coalesce;
      this.limits = limits;
      this.executor = executor;
      this.handler = handler;
    }

    @Override
    public void onOpen(jakarta.websocket.Session ws, EndpointConfig config) {
      ws.setMaxIdleTimeout(0);
      WebSocketTransport t = new WebSocketTransport(ws, limits.maxMessageBytes(), limits.maxBufferedBytes());
      t.attach();
      transport = t;
      Transport session = coalesce ? new CoalescingTransport(t) : t;
      executor.execute(() -> handler.accept(Session.open(session, SessionOptions.builder(Session.Role.SERVER)
          .mode(mode).limits(limits).executor(executor).build())));
    }

    @Override
    public void onClose(jakarta.websocket.Session ws, CloseReason reason) {
      WebSocketTransport t = transport;
      if (t != null) t.onWebSocketClose(reason);
    }

    @Override
    public void onError(jakarta.websocket.Session ws, Throwable error) {
      WebSocketTransport t = transport;
      if (t != null) t.onWebSocketError(error);
    }
  }
}
