package org.libchan4j.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.ChannelSemanticsContractTest;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** Go channel semantics over WebSocket: the Java client against the Grizzly/Tyrus server on 127.0.0.1. */
class WebSocketSemanticsTest extends ChannelSemanticsContractTest {
  /** Server sessions by the connection number in their query: handlers may run in any order. */
  private static final Map<String, CompletableFuture<Session>> serverSessions = new ConcurrentHashMap<>();
  private static final AtomicInteger connections = new AtomicInteger();
  private static ChanServer server;

  @BeforeAll
  static void startServer() {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> serverSide(handshake.query())
        .complete(session)).build())
        .build()
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static CompletableFuture<Session> serverSide(String query) {
    return serverSessions.computeIfAbsent(query, q -> new CompletableFuture<>());
  }

  @Override
  protected RawConnection connectRaw() throws Exception {
    String query = "c=" + connections.incrementAndGet();
    WebSocketTransport client = ChanClient.connectTransport(URI.create(server.uri() + "?" + query),
        ClientOptions.builder().mode(mode()).build());
    CompletableFuture<Session> serverSide = serverSide(query).whenComplete((s, e) -> serverSessions.remove(query));
    return new RawConnection(client, serverSide, null);
  }
}
