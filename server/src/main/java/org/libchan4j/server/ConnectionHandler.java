package org.libchan4j.server;

import org.libchan4j.websocket.internal.WebSocketTransport;

/** What happens to a new connection, on the executor. The seam tests use to reach the raw transport. */
@FunctionalInterface
interface ConnectionHandler {
  void onConnection(WebSocketTransport transport, HandshakeInfo handshake) throws Exception;
}
