package org.libchan4j.client;

import java.net.URI;
import java.time.Duration;
import org.libchan4j.CloseCodes;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.Reconnector.Refused;
import org.libchan4j.transport.Transport;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Internal: how a suspended client session reconnects over WebSocket: the same URI, headers and TLS settings. The
 * attempts, backoff and refusals are core's {@link org.libchan4j.internal.session.Reconnector}, shared with the
 * socket dialer; this only opens the connection and says when the server refuses for good.
 */
final class Reconnector {
  private Reconnector() {}

  static org.libchan4j.internal.session.Reconnector of(URI uri, ClientOptions options) {
    return new org.libchan4j.internal.session.Reconnector(uri.toString(), options.reconnectInitial(),
        options.reconnectMax(), options.connectTimeout(), timeout -> connect(uri, options, timeout));
  }

  private static Transport connect(URI uri, ClientOptions options, Duration timeout) throws Refused {
    WebSocketTransport transport;
    try {
      transport = ChanClient.connectTransport(uri, options, timeout);
    } catch (HandshakeRejectedException e) {
      if (e.status() == 401 || e.status() == 403) throw new Refused("reconnect refused with HTTP " + e.status());
      throw e;
    }
    String sub = transport.webSocket().getNegotiatedSubprotocol();
    if (SessionOptions.Mode.ofSubprotocol(sub) != SessionOptions.Mode.EXTENDED) {
      transport.close(CloseCodes.NORMAL, "");
      throw new Refused("the server no longer offers " + SessionOptions.Mode.EXTENDED.subprotocol());
    }
    return transport;
  }
}
