package org.libchan4j.client;

import java.net.URI;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** Opens ChanClient's package-private seam to the container tests: the contract suite starts the transport itself. */
public final class TransportSeam {
  private TransportSeam() {}

  /** {@link ChanClient#connectTransport}: the connected WebSocket's transport, not started. */
  public static WebSocketTransport connect(URI uri, ClientOptions options) {
    return ChanClient.connectTransport(uri, options);
  }
}
