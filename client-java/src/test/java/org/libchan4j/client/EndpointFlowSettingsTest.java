package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.libchan4j.testing.Refusals.refused;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.Hex;
import org.libchan4j.testing.RawPeer;

/**
 * ChanEndpoint's flow-control settings reach the wire: the server's hello announces them (PROTOCOL.md 14.2); invalid
 * ones are refused by the builder.
 */
class EndpointFlowSettingsTest {

  private static Map<?, ?> serverHello(ChanEndpoint endpoint) throws Exception {
    try (ChanServer server = ChanServer.builder(endpoint).build().start();
        RawWebSocket ws = RawWebSocket.connect(URI.create(server.uri().toString()), true,
            SessionOptions.Mode.EXTENDED.subprotocol())) {
      ws.sendBinary(Hex.decode(RawPeer.HELLO)); // the server opens a session on the client's first frame
      byte[] first = ws.messages.poll(20, TimeUnit.SECONDS);
      assertNotNull(first, "the server's hello");
      MsgpackReader r = new MsgpackReader(new MsgpackLimits(8, 64, 256, 256), null);
      r.reset(first, 0, first.length);
      return (Map<?, ?>) r.read();
    }
  }

  @Test
  void defaultsAreCapacity1024AndAOneMebibyteWindow() throws Exception {
    Map<?, ?> hello = serverHello(ChanEndpoint.builder((s, h) -> s.accept(Object.class)).build());
    assertEquals(1024L, hello.get("cap"));
    assertEquals(1048576L, hello.get("win"));
  }

  @Test
  void channelCapacityAndStreamWindowAreTheEndpoints() throws Exception {
    Map<?, ?> hello = serverHello(ChanEndpoint.builder((s, h) -> s.accept(Object.class))
        .channelCapacity(0).streamWindow(4096).build());
    assertEquals("hello", hello.get("t"));
    assertEquals(0L, hello.get("cap"), "unbuffered channels toward the server");
    assertEquals(4096L, hello.get("win"));
  }

  @Test
  void invalidValuesAreRefusedWithTheSettingsName() {
    ChanEndpoint.Builder b = ChanEndpoint.builder((s, h) -> { });
    refused("channelCapacity must be >= 0: -1", () -> b.channelCapacity(-1));
    refused("streamWindow must be >= 1024: 0", () -> b.streamWindow(0));
    refused("replayWindow must be >= 1024: 1023", () -> b.replayWindow(1023));
    refused("keepAlive must be >= 0: PT-0.001S", () -> b.keepAlive(Duration.ofMillis(-1))); // not at the first session
    refused("resumeWindow must be >= 0: PT-1S", () -> b.resumeWindow(Duration.ofSeconds(-1)));
    refused("handshakeTimeout must be > 0: PT0S", () -> ChanServer.builder(b.build()).handshakeTimeout(Duration.ZERO));
  }
}
