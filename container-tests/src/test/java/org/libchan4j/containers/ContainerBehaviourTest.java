package org.libchan4j.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.HandshakeRejectedException;
import org.libchan4j.testing.FaultProxy;

/**
 * What ChanEndpoint promises in a servlet container beyond the transport contract: the container is the one named
 * and Tyrus is absent from it, refusals answer 403/401 with no stack trace in the body or the log, the
 * Authenticator sees the client's address and the subprotocol, sessions resume across cut connections, and
 * stopping the container sends 1001. Each subclass names the container.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ContainerBehaviourTest {
  record Note(String text, Sender<String> reply) {}

  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  private static ContainerApp app;

  /** {@code tomcat} or {@code jetty}. */
  protected abstract String container();

  /** What {@link ContainerApp#serverInfo()} starts with, version included. */
  protected abstract String serverInfo();

  /** A piece of the code source the container's WebSocket API comes from (its jar's name). */
  protected abstract String websocketApi();

  @BeforeAll
  static void noContainerYet() {
    app = null;
  }

  @AfterAll
  static void stopContainer() throws Exception {
    if (app != null) app.close();
  }

  private ContainerApp app() {
    if (app == null) app = ContainerLoader.start(container());
    return app;
  }

  private static String nextTarget() {
    return "/chan?c=" + CONNECTIONS.incrementAndGet();
  }

  private static URI uri(int port, String target) {
    return URI.create("ws://127.0.0.1:" + port + target);
  }

  @Test
  void theServerSideIsTheNamedContainerWithoutTyrus() throws Exception {
    ContainerApp a = app();
    assertTrue(a.serverInfo().startsWith(serverInfo()), a.serverInfo());
    assertNull(a.codeSource("org.glassfish.tyrus.core.TyrusSession"), "Tyrus on the server's class path");
    assertNull(a.codeSource("org.glassfish.tyrus.core.HandshakeException"), "Tyrus on the server's class path");
    assertNotNull(Class.forName("org.glassfish.tyrus.core.TyrusSession"), "the client's side has Tyrus");
    String api = a.codeSource("jakarta.websocket.server.ServerEndpointConfig");
    assertTrue(api != null && api.contains(websocketApi()), "WebSocket API from " + api);
  }

  @Test
  void refusalsAnswer403And401WithAPlainBodyAndNoStackTrace() throws Exception {
    int port = app().port();
    try (LogCapture log = new LogCapture()) {
      RawUpgrade origin = RawUpgrade.send(port, nextTarget(), Map.of("Origin", "https://evil.example"));
      assertEquals(403, origin.status(), origin.head());
      assertEquals("403 Forbidden\n", origin.body());
      RawUpgrade auth = RawUpgrade.send(port, nextTarget(), Map.of("X-User", ContainerApp.REFUSED_USER));
      assertEquals(401, auth.status(), auth.head());
      assertEquals("401 Unauthorized\n", auth.body());
      HandshakeRejectedException e = assertThrows(HandshakeRejectedException.class, () -> ChanClient.connect(
          uri(port, nextTarget()), ClientOptions.builder().header("X-User", ContainerApp.REFUSED_USER).build()));
      assertEquals(401, e.status());
      assertEquals(List.of(), log.withStackTraces(), "stack traces logged: " + log.messages());
    }
    // The allowed origin and a user get through.
    String target = nextTarget();
    try (Session s = ChanClient.connect(uri(port, target), ClientOptions.builder()
        .header("Origin", ContainerApp.ALLOWED_ORIGIN).header("X-User", "ann").build())) {
      assertEquals("ann", app().accepted(target).get(20, TimeUnit.SECONDS).handshake().get("principal"));
    }
  }

  @Test
  void theAuthenticatorSeesTheAddressAndTheSubprotocol() throws Exception {
    for (SessionOptions.Mode mode : SessionOptions.Mode.values()) {
      String target = nextTarget();
      try (Session s = ChanClient.connect(uri(app().port(), target),
          ClientOptions.builder().mode(mode).header("X-User", "ann").build())) {
        Map<String, String> seen = app().authenticated(target).get(20, TimeUnit.SECONDS);
        // The compat mode offers no subprotocol, as jschan does; the extended mode gets libchan4j.v1.
        String chosen = mode == SessionOptions.Mode.EXTENDED ? mode.subprotocol() : null;
        assertEquals("127.0.0.1", seen.get("remoteAddress"), mode + ": " + seen);
        assertEquals(chosen, seen.get("subprotocol"), mode + ": " + seen);
        assertEquals("/chan", seen.get("path"));
        Map<String, String> handler = app().accepted(target).get(20, TimeUnit.SECONDS).handshake();
        assertEquals("ann", handler.get("principal"));
        assertEquals(chosen, handler.get("subprotocol"));
        assertEquals(chosen, ChanClient.subprotocol(s));
      }
    }
  }

  @Test
  void aSessionResumesAcrossCutConnections() throws Exception {
    String target = nextTarget();
    try (FaultProxy proxy = new FaultProxy(app().port());
        Session client = ChanClient.connect(uri(proxy.port(), target), ClientOptions.builder().header("X-User", "bob")
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).build())) {
      Sender<Note> notes = client.newSender(Note.class);
      Session server = app().accepted(target).get(20, TimeUnit.SECONDS).session();
      Receiver<Note> received = null;
      int cuts = 0;
      for (int i = 0; i < 240; i++) {
        Pipe<String> reply = Pipe.buffered(1);
        notes.send(new Note("n" + i, reply.sender()));
        if (received == null) received = server.accept(Note.class); // the channel opens with its first message
        Note n = received.receive();
        assertEquals("n" + i, n.text(), "in order, once");
        n.reply().send("r" + i);
        if (i % 40 == 20) cuts += proxy.cut();
        assertEquals("r" + i, reply.receiver().receive());
      }
      assertTrue(cuts >= 5, "connections cut: " + cuts);
      assertTrue(app().authentications(target) > cuts, "each reconnect went through the handshake rules again");
      assertTrue(server.isOpen(), "the server's session lived on");
    }
  }

  @Test
  void stoppingTheContainerSends1001() throws Exception {
    ContainerApp own = ContainerLoader.start(container());
    List<Session> clients = new ArrayList<>();
    List<Receiver<String>> unanswered = new ArrayList<>();
    try {
      for (SessionOptions.Mode mode : SessionOptions.Mode.values()) {
        String target = nextTarget();
        Session client = ChanClient.connect(uri(own.port(), target), ClientOptions.builder().mode(mode).build());
        clients.add(client);
        Pipe<String> reply = Pipe.buffered(1);
        client.newSender(Note.class).send(new Note("hi", reply.sender()));
        own.accepted(target).get(20, TimeUnit.SECONDS).session().accept(Note.class).receive();
        unanswered.add(reply.receiver());
      }
    } finally {
      own.close();
    }
    for (int i = 0; i < clients.size(); i++) {
      // Well within the 30 s resume window: an extended client told nothing would wait it out.
      assertNull(clients.get(i).closeFuture().get(10, TimeUnit.SECONDS), "1001 is an orderly close");
      SessionClosedException e = assertThrows(SessionClosedException.class, unanswered.get(i)::receive);
      assertEquals(CloseCodes.GOING_AWAY, e.closeCode(), e.getMessage());
    }
  }

  @Test
  void addEndpointDeploysButCannotAnswerARefusalWithItsStatus() throws Exception {
    int port = app().port();
    String target = "/direct?c=" + CONNECTIONS.incrementAndGet();
    try (Session s = ChanClient.connect(uri(port, target), ClientOptions.builder().header("X-User", "ann").build())) {
      assertEquals("ann", app().accepted(target).get(20, TimeUnit.SECONDS).handshake().get("principal"));
      // What the ChanEndpoint javadoc says of this way in: no address for the authenticator...
      assertNull(app().authenticated(target).get(20, TimeUnit.SECONDS).get("remoteAddress"));
    }
    try (LogCapture log = new LogCapture()) {
      // ...and the container's own status for a refusal.
      RawUpgrade refused = RawUpgrade.send(port, "/direct?c=refused", Map.of("Origin", "https://evil.example"));
      assertEquals(500, refused.status(), refused.head());
      assertFalse(String.join("\n", log.withStackTraces()).contains("NoClassDefFoundError"), log.messages().toString());
    }
  }
}
