package org.libchan4j.client.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** The client side's endpoint: wraps the WebSocket session in a transport on open. Public for Tyrus's reflection. */
public final class ClientEndpoint extends Endpoint {
  private final int maxMessageBytes;
  private final long maxBufferedBytes;
  private volatile WebSocketTransport transport;
  /** The Grizzly connection under the WebSocket, set by SharedClientContainer once connected. */
  private volatile org.glassfish.grizzly.Connection<?> connection;

  public ClientEndpoint(int maxMessageBytes, long maxBufferedBytes) {
    this.maxMessageBytes = maxMessageBytes;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** The key under which the endpoint config's user properties carry this endpoint to SharedClientContainer. */
  public static final String KEY = ClientEndpoint.class.getName();

  /** The TCP connection is up (before the handshake). */
  void connected(org.glassfish.grizzly.Connection<?> c) {
    connection = c;
  }

  /** The transport, once open. */
  public WebSocketTransport transport() {
    return transport;
  }

  @Override
  public void onOpen(Session ws, EndpointConfig config) {
    org.glassfish.grizzly.Connection<?> c = connection;
    WebSocketTransport t = new WebSocketTransport(ws, maxMessageBytes, maxBufferedBytes,
        c == null ? null : new MaskedFrameWriter(c));
    t.attach();
    transport = t;
  }

  @Override
  public void onClose(Session ws, CloseReason reason) {
    WebSocketTransport t = transport;
    if (t != null) t.onWebSocketClose(reason);
  }

  @Override
  public void onError(Session ws, Throwable error) {
    WebSocketTransport t = transport;
    if (t != null) t.onWebSocketError(error);
  }
}
