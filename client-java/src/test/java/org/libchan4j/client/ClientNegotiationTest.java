package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/** The Java client asks for the extended mode by default and both sides agree on what the server chose. */
class ClientNegotiationTest {
  private final CompletableFuture<Session> serverSide = new CompletableFuture<>();
  private ChanServer server;
  private Session client;

  @AfterEach
  void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private void start(boolean extended) {
    server = ChanServer.builder(ChanEndpoint.builder((s, h) -> serverSide.complete(s)).extendedMode(extended).build())
        .build().start();
  }

  private String modes() throws Exception {
    Session s = serverSide.get(10, TimeUnit.SECONDS);
    return ((SessionImpl) client).mode() + "/" + ((SessionImpl) s).mode();
  }

  @Test
  void extendedByDefault() throws Exception {
    start(true);
    client = ChanClient.connect(server.uri());
    assertEquals("libchan4j.v1", ChanClient.subprotocol(client));
    assertEquals("EXTENDED/EXTENDED", modes());
  }

  @Test
  void compatWhenTheClientAsksForIt() throws Exception {
    start(true);
    client = ChanClient.connect(server.uri(), ClientOptions.builder().mode(SessionOptions.Mode.COMPAT).build());
    assertNull(ChanClient.subprotocol(client), "a compat client offers nothing, like jschan");
    assertEquals("COMPAT/COMPAT", modes());
  }

  @Test
  void compatWhenTheServerDoesNotSpeakTheExtendedMode() throws Exception {
    start(false);
    client = ChanClient.connect(server.uri());
    assertEquals("libchan4j.compat", ChanClient.subprotocol(client));
    assertEquals("COMPAT/COMPAT", modes());
  }
}
