package org.libchan4j.proxy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.HandshakeInfo;

/**
 * The ChanServer behind the proxy, plain ws:// on 127.0.0.1 and a free port. Each connection carries a query
 * ({@link #nextQuery()}) by which the test finds its server-side session and handshake: handlers may run in any order.
 */
final class Backend implements AutoCloseable {
  /** A session the server accepted, with the handshake as the server saw it (after the proxy). */
  record Accepted(Session session, HandshakeInfo handshake) {}

  private final Map<String, CompletableFuture<Accepted>> accepted = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  /** How many times the session handler ran (a resumed session does not run it again). */
  final AtomicInteger opened = new AtomicInteger();
  private final ChanServer server;

  private Backend(UnaryOperator<ChanEndpoint.Builder> configure) {
    ChanEndpoint.Builder endpoint = ChanEndpoint.builder((session, handshake) -> {
      opened.incrementAndGet();
      slot(handshake.query()).complete(new Accepted(session, handshake));
    });
    server = ChanServer.builder(configure.apply(endpoint).build()).build().start();
  }

  static Backend start() {
    return new Backend(UnaryOperator.identity());
  }

  static Backend start(UnaryOperator<ChanEndpoint.Builder> configure) {
    return new Backend(configure);
  }

  int port() {
    return server.port();
  }

  ChanEndpoint endpoint() {
    return server.endpoint();
  }

  /** A fresh query naming the next connection, e.g. {@code c=3}. */
  String nextQuery() {
    return "c=" + connections.incrementAndGet();
  }

  /** The server side of the connection that came with {@code query}, waiting up to 10 s for it. */
  Accepted await(String query) throws Exception {
    Accepted a = slot(query).get(10, TimeUnit.SECONDS);
    accepted.remove(query);
    return a;
  }

  /** The server side of the connection that will come with {@code query}, without waiting for it. */
  CompletableFuture<Accepted> later(String query) {
    return slot(query).whenComplete((a, e) -> accepted.remove(query));
  }

  private CompletableFuture<Accepted> slot(String query) {
    return accepted.computeIfAbsent(query, q -> new CompletableFuture<>());
  }

  @Override
  public void close() {
    server.close();
  }
}
