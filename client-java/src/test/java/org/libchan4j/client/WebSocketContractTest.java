package org.libchan4j.client;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** The transport contract over WebSocket: the Java client against the Grizzly/Tyrus server on 127.0.0.1. */
class WebSocketContractTest extends TransportContractTest {
  private static final LinkedBlockingQueue<Session> serverSessions = new LinkedBlockingQueue<>();
  private static ChanServer server;

  @BeforeAll
  static void startServer() {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> serverSessions.add(session)).build())
        .build()
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected RawConnection connectRaw() throws Exception {
    WebSocketTransport client = ChanClient.connectTransport(server.uri(), ClientOptions.defaults());
    Session serverSide = serverSessions.poll(10, TimeUnit.SECONDS);
    if (serverSide == null) throw new AssertionError("the server opened no session within 10 s");
    return new RawConnection(client, serverSide, null);
  }
}
