package org.libchan4j.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import org.libchan4j.CloseCodes;
import org.libchan4j.server.internal.EndpointBase;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * The endpoint class of {@link ChanEndpoint#serverEndpointConfig()}: one instance per connection, made by the
 * endpoint's configurator; it wraps the WebSocket session in a transport and hands it to the endpoint. Public only
 * because containers require it (Jetty refuses to deploy a non-public endpoint class); applications never use it.
 */
public final class ChanWebSocketEndpoint extends EndpointBase {
  private static final String REMOTE_ADDRESS_KEY = "jakarta.websocket.endpoint.remoteAddress"; // Tomcat, Jetty

  private final ChanEndpoint endpoint;
  private volatile WebSocketTransport transport;

  ChanWebSocketEndpoint(ChanEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  protected void opened(Session ws, EndpointConfig config) {
    Object h = config.getUserProperties().get(ChanConfigurator.HANDSHAKE_KEY);
    if (h == null) h = ws.getUserProperties().get(ChanConfigurator.HANDSHAKE_KEY);
    if (!(h instanceof HandshakeInfo) || config.getUserProperties().containsKey(ChanConfigurator.REJECTED_KEY)) {
      closeQuietly(ws, CloseCodes.POLICY_VIOLATION, "handshake rejected");
      return;
    }
    HandshakeInfo info = (HandshakeInfo) h;
    String sub = ws.getNegotiatedSubprotocol();
    info = info.withSubprotocol(sub == null || sub.isEmpty() ? null : sub);
    if (info.remoteAddress() == null) {
      Object addr = ws.getUserProperties().get(REMOTE_ADDRESS_KEY);
      if (addr instanceof java.net.InetSocketAddress) {
        info = info.withRemoteAddress(((java.net.InetSocketAddress) addr).getAddress().getHostAddress());
      } else if (addr != null) {
        info = info.withRemoteAddress(addr.toString());
      }
    }
    WebSocketTransport t = new WebSocketTransport(ws, endpoint.limits().maxMessageBytes(),
        endpoint.limits().maxBufferedBytes());
    t.attach();
    transport = t;
    Object id = config.getUserProperties().get(ChanConfigurator.CONNECTION_ID_KEY);
    if (id == null) id = ws.getUserProperties().get(ChanConfigurator.CONNECTION_ID_KEY);
    endpoint.opened(t, info, id == null ? null : id.toString());
  }

  @Override
  protected void closed(Session ws, CloseReason reason) {
    WebSocketTransport t = transport;
    if (t != null) t.onWebSocketClose(reason);
  }

  @Override
  protected void failed(Session ws, Throwable error) {
    WebSocketTransport t = transport;
    if (t != null) t.onWebSocketError(error);
  }

  private static void closeQuietly(Session ws, int code, String reason) {
    try {
      ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }
}
