package org.libchan4j.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.TransportSeam;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * The transport contract through nginx: wss:// to nginx, which ends TLS and proxies {@code /app/chan} to the
 * ChanServer's {@code /chan} over plain HTTP. Passing proves the Upgrade headers, the prefix, TLS termination and,
 * in {@link NginxExtendedContractTest}, the subprotocol negotiation through the proxy; the 1 MiB message and byte
 * stream cases go through nginx's buffers.
 */
class NginxContractTest extends TransportContractTest {
  private static Backend backend;
  private static Nginx nginx;

  @BeforeAll
  static void startProxy() {
    backend = Backend.start();
    nginx = Nginx.builder(backend.port()).start();
  }

  @AfterAll
  static void stopProxy() {
    try {
      if (nginx != null) nginx.close();
    } finally {
      if (backend != null) backend.close();
    }
  }

  @Override
  protected RawConnection connectRaw() throws Exception {
    String query = backend.nextQuery();
    WebSocketTransport client = TransportSeam.connect(nginx.uri("/chan?" + query),
        nginx.clientOptions().mode(mode()).build());
    // Compat offers no subprotocol (as jschan: "" is none); extended must get libchan4j.v1 back through the proxy.
    String expected = mode() == SessionOptions.Mode.EXTENDED ? mode().subprotocol() : "";
    assertEquals(expected, client.webSocket().getNegotiatedSubprotocol(), "subprotocol chosen through nginx");
    // An extended-mode server opens its session on the client's first frame (PROTOCOL.md 14.6): don't wait here.
    return new RawConnection(client, backend.later(query).thenApply(Backend.Accepted::session), null);
  }
}
