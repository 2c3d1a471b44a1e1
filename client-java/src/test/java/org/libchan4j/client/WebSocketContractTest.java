package org.libchan4j.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libchan4j.testing.TransportContractTest;
import org.libchan4j.testing.RawConnection;

/** The transport contract over WebSocket: the Java client against the Grizzly/Tyrus server on 127.0.0.1. */
class WebSocketContractTest extends TransportContractTest {
  private static ContractServer server;

  @BeforeAll
  static void startServer() {
    server = new ContractServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected RawConnection connectRaw() throws Exception {
    return server.connectRaw(mode());
  }
}
