package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.testing.FlowAssertions.assertUnbuffered;
import static org.libchan4j.testing.Refusals.refused;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.testing.StateRecorder;

/** SocketOptions' flow-control settings and listener reach the sessions it dials and accepts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketSettingsTest {
  record Msg(int n) {}

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private static SocketOptions.Builder extended() {
    return SocketOptions.builder().mode(SessionOptions.Mode.EXTENDED);
  }

  @Test
  void theDialersHelloAnnouncesItsCapacityAndWindow() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Session client = ChanSockets.dial(raw.getLocalSocketAddress(),
          extended().channelCapacity(0).streamWindow(4096).build());
      open.add(client);
      try (Socket accepted = raw.accept()) {
        DataInputStream in = new DataInputStream(accepted.getInputStream());
        byte[] hello = new byte[in.readInt()]; // jschan's length prefix, then the hello (PROTOCOL.md 2.2, 14.2)
        in.readFully(hello);
        MsgpackReader r = new MsgpackReader(new MsgpackLimits(8, 64, 256, 256), null);
        r.reset(hello, 0, hello.length);
        Map<?, ?> h = (Map<?, ?>) r.read();
        assertEquals("hello", h.get("t"));
        assertEquals(0L, h.get("cap"));
        assertEquals(4096L, h.get("win"));
      }
    }
  }

  @Test
  void withCapacityZeroTheListenersSendsWaitForTheDialersReceives() throws Exception {
    CompletableFuture<List<CompletableFuture<?>>> sends = new CompletableFuture<>();
    ChanListener listener = ChanSockets.listen(LOOPBACK, extended().build(), s -> {
      Sender<Msg> down = s.newSender(Msg.class);
      sends.complete(List.of(down.sendAsync(new Msg(1)), down.sendAsync(new Msg(2))));
    });
    open.add(listener);
    Session client = ChanSockets.dial(listener.address(), extended().channelCapacity(0).build());
    open.add(client);
    Receiver<Msg> in = client.accept(Msg.class);
    assertUnbuffered(in, sends.get(20, TimeUnit.SECONDS), List.of(new Msg(1), new Msg(2)));
  }

  @Test
  void bothEndsListenersSeeConnectedThenClosedWithTheCode() throws Exception {
    StateRecorder atListener = new StateRecorder("libchan4j-events-");
    StateRecorder atDialer = new StateRecorder("libchan4j-events-");
    ChanListener listener = ChanSockets.listen(LOOPBACK, extended().listener(atListener).build(), s -> { });
    open.add(listener);
    Session client = ChanSockets.dial(listener.address(), extended().listener(atDialer).build());
    open.add(client);
    atDialer.expect("connected");
    atListener.expect("connected");
    assertEquals(Session.State.CONNECTED, client.state());
    client.close(4200, "done");
    atDialer.expect("closed 4200 done");
    atListener.expect("closed 4200 done");
    assertEquals(Session.State.CLOSED, client.state());
    atDialer.assertClean();
    atListener.assertClean();
  }

  @Test
  void invalidValuesAreRefusedWithTheSettingsName() {
    SocketOptions.Builder b = SocketOptions.builder();
    refused("channelCapacity must be >= 0: -5", () -> b.channelCapacity(-5));
    refused("streamWindow must be >= 1024: 1", () -> b.streamWindow(1));
    refused("keepAlive must be >= 0: PT-1S", () -> b.keepAlive(Duration.ofSeconds(-1)));
    refused("closeTimeout must be > 0: PT0S", () -> b.closeTimeout(Duration.ZERO));
    refused("resumeWindow must be >= 0: PT-1S", () -> b.resumeWindow(Duration.ofSeconds(-1)));
    refused("replayWindow must be >= 1024: 1", () -> b.replayWindow(1));
    refused("reconnectBackoff needs 0 < initial <= max: PT1S, PT0.5S",
        () -> b.reconnectBackoff(Duration.ofSeconds(1), Duration.ofMillis(500)));
    assertThrows(NullPointerException.class, () -> b.listener(null));
    SocketOptions built = b.build();
    SessionOptions o = built.sessionOptions(Session.Role.CLIENT);
    assertEquals(1024, o.channelCapacity(), "defaults as SessionOptions'");
    assertEquals(1 << 20, o.streamWindow());
    assertEquals(Duration.ofSeconds(30), o.resumeWindow(), "resumption as ClientOptions'");
    assertEquals(1 << 20, o.replayWindow());
    assertEquals(Duration.ofMillis(100), built.reconnectInitial());
    assertEquals(Duration.ofSeconds(5), built.reconnectMax());
    assertEquals(false, built.resumable(), "but compat by default, which has none");
  }
}
