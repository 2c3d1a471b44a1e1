package org.libchan4j.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** A ChanServer on 127.0.0.1 for the contract suites: each connection's server session, matched by its query. */
final class ContractServer implements AutoCloseable {
  /** Server sessions by the connection number in their query: handlers may run in any order. */
  private final Map<String, CompletableFuture<Session>> serverSessions = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final ChanServer server;

  ContractServer() {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> serverSide(handshake.query())
        .complete(session)).build())
        .build()
        .start();
  }

  private CompletableFuture<Session> serverSide(String query) {
    return serverSessions.computeIfAbsent(query, q -> new CompletableFuture<>());
  }

  /** A new client transport (not started) in {@code mode}, and the server session it will open. */
  RawConnection connectRaw(SessionOptions.Mode mode) throws Exception {
    String query = "c=" + connections.incrementAndGet();
    WebSocketTransport client = ChanClient.connectTransport(URI.create(server.uri() + "?" + query),
        ClientOptions.builder().mode(mode).build());
    CompletableFuture<Session> serverSide = serverSide(query).whenComplete((s, e) -> serverSessions.remove(query));
    return new RawConnection(client, serverSide, null);
  }

  @Override
  public void close() {
    server.close();
  }
}
