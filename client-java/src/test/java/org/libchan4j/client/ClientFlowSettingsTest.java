package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.testing.FlowAssertions.assertUnbuffered;
import static org.libchan4j.testing.Refusals.refused;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.TestEndpoints;
import org.libchan4j.transport.TransportListener;

/** ClientOptions' flow-control settings reach the client's session: its hello, and the server's sends. */
class ClientFlowSettingsTest {
  record Msg(int n) {}

  /** The client's hello (PROTOCOL.md 14.2), as a raw server endpoint receives it. */
  private static Map<?, ?> clientHello(ClientOptions options) throws Exception {
    CompletableFuture<byte[]> first = new CompletableFuture<>();
    try (ChanServer server = ChanServer.builder(TestEndpoints.raw((t, h) -> t.start(new TransportListener() {
      @Override public void onMessage(byte[] message) { first.complete(message); }

      @Override public void onClosed(int code, String reason, Throwable cause) { }
    })).build()).build().start()) {
      try (Session client = ChanClient.connect(server.uri(), options)) {
        byte[] hello = first.get(20, TimeUnit.SECONDS);
        MsgpackReader r = new MsgpackReader(new MsgpackLimits(8, 64, 256, 256), null);
        r.reset(hello, 0, hello.length);
        return (Map<?, ?>) r.read();
      }
    }
  }

  @Test
  void theHelloAnnouncesCapacity1024AndAOneMebibyteWindowByDefault() throws Exception {
    Map<?, ?> hello = clientHello(ClientOptions.defaults());
    assertEquals("hello", hello.get("t"));
    assertEquals(1024L, hello.get("cap"));
    assertEquals(1048576L, hello.get("win"));
  }

  @Test
  void theHelloAnnouncesTheClientsCapacityAndWindow() throws Exception {
    Map<?, ?> hello = clientHello(ClientOptions.builder().channelCapacity(0).streamWindow(4096).build());
    assertEquals(0L, hello.get("cap"), "unbuffered channels toward the client");
    assertEquals(4096L, hello.get("win"));
  }

  @Test
  void withCapacityZeroTheServersSendsWaitForTheClientsReceives() throws Exception {
    CompletableFuture<List<CompletableFuture<?>>> sends = new CompletableFuture<>();
    ChanEndpoint endpoint = ChanEndpoint.builder((s, h) -> {
      Sender<Msg> down = s.newSender(Msg.class);
      sends.complete(List.of(down.sendAsync(new Msg(1)), down.sendAsync(new Msg(2))));
    }).build();
    try (ChanServer server = ChanServer.builder(endpoint).build().start();
        Session client = ChanClient.connect(server.uri(), ClientOptions.builder().channelCapacity(0).build())) {
      Receiver<Msg> in = client.accept(Msg.class); // the first message has arrived
      assertUnbuffered(in, sends.get(20, TimeUnit.SECONDS), List.of(new Msg(1), new Msg(2)));
    }
  }

  @Test
  void invalidValuesAreRefusedWithTheSettingsName() {
    ClientOptions.Builder b = ClientOptions.builder();
    refused("channelCapacity must be >= 0: -1", () -> b.channelCapacity(-1));
    refused("streamWindow must be >= 1024: 512", () -> b.streamWindow(512));
    refused("replayWindow must be >= 1024: 1000", () -> b.replayWindow(1000));
    // Refused here, not after connecting (it used to pass until the session was built on an open connection).
    refused("keepAlive must be >= 0: PT-1S", () -> b.keepAlive(Duration.ofSeconds(-1)));
    refused("resumeWindow must be >= 0: PT-1S", () -> b.resumeWindow(Duration.ofSeconds(-1)));
    refused("connectTimeout must be > 0: PT0S", () -> b.connectTimeout(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> b.listener(null));
    ClientOptions o = b.build();
    assertEquals(1024, o.channelCapacity(), "a refused value changes nothing");
    assertEquals(1 << 20, o.streamWindow());
  }
}
