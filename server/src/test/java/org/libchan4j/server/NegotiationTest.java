package org.libchan4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.Receiver;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.testing.Hex;

/** Which mode a WebSocket client gets for what it offers (PROTOCOL.md section 1.2). */
class NegotiationTest {
  /** {"id":1,"data":"x","parent":nil}: a top-level channel the server accepts in either mode. */
  private static final String OPEN = "83 a2 69 64 01 a4 64 61 74 61 a1 78 a6 70 61 72 65 6e 74 c0";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CompletableFuture<Session> opened = new CompletableFuture<>();
  private ChanServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private ChanServer start(ChanEndpoint.Builder endpoint) {
    server = ChanServer.builder(endpoint.build()).build().start();
    return server;
  }

  private ChanEndpoint.Builder recording() {
    return ChanEndpoint.builder((session, handshake) -> opened.complete(session));
  }

  private String modeOf(WsProbe probe) throws Exception {
    Session s = opened.get(20, TimeUnit.SECONDS);
    return ((SessionImpl) s).mode().name() + "/" + probe.ws.getSubprotocol();
  }

  @Test
  void extendedWhenOfferedAfterCompat() throws Exception {
    start(recording());
    WsProbe probe = WsProbe.connect(http, server.uri(), Map.of(), true, "libchan4j.compat", "libchan4j.v1");
    // The server reads the client's first frame before it opens a session (a hello, or a resume: PROTOCOL.md 14.6).
    probe.send(Hex.decode(org.libchan4j.testing.RawPeer.HELLO));
    assertEquals("EXTENDED/libchan4j.v1", modeOf(probe), "the server picks v1 wherever it is offered");
    // {"t":"hello", ... 7 fields: with resumption's rs and tok}
    assertTrue(Hex.encode(probe.next()).startsWith("87 a1 74 a5 68 65 6c 6c 6f"), "the server's first frame is hello");
  }

  @Test
  void compatWhenNothingIsOffered() throws Exception {
    start(recording());
    WsProbe probe = WsProbe.connect(http, server.uri(), Map.of());
    assertEquals("COMPAT/", modeOf(probe), "a jschan client offers nothing and gets the jschan framing");
    probe.send(Hex.decode(OPEN));
    Receiver<Object> in = opened.get().accept(Object.class);
    assertEquals("x", in.receive());
    assertTrue(probe.messages.isEmpty(), "no hello in compat mode");
  }

  @Test
  void compatWhenOnlyCompatIsOffered() throws Exception {
    start(recording());
    WsProbe probe = WsProbe.connect(http, server.uri(), Map.of(), true, "libchan4j.compat");
    assertEquals("COMPAT/libchan4j.compat", modeOf(probe));
  }

  @Test
  void compatWhenTheServerDisablesExtendedMode() throws Exception {
    start(recording().extendedMode(false));
    WsProbe probe = WsProbe.connect(http, server.uri(), Map.of(), true, "libchan4j.compat", "libchan4j.v1");
    assertEquals("COMPAT/libchan4j.compat", modeOf(probe));
  }

  @Test
  void applicationSubprotocolsStillWork() throws Exception {
    start(recording().subprotocols("chat.v2"));
    WsProbe probe = WsProbe.connect(http, server.uri(), Map.of(), true, "chat.v2");
    assertEquals("COMPAT/chat.v2", modeOf(probe));
    assertEquals(SessionOptions.Mode.COMPAT, SessionOptions.Mode.ofSubprotocol("chat.v2"));
  }
}
