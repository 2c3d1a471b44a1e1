package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.Hex;

/**
 * The server's lingering close: a peer that breaks a limit and goes on writing still reads the close frame with
 * the code and the reason, because the server reads and discards its input for a while instead of closing with
 * unread input (which resets the connection and destroys the close frame). A peer that never stops is cut off
 * after the configured time or byte count, and other sessions on the server are not affected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LingeringCloseTest {
  /** {"id": 3, "data": 1}, 1,100 of them in one message: id 3 was never announced, so each is held (1008). */
  private static final byte[] UNANNOUNCED = Hex.decode((AbuseTest.Frames.data(3, "01") + " ").repeat(1100));
  private static final byte[] JUNK = new byte[50_000];
  /** Longer than the test: a bound that is not under test (the handshake timeout also ends a closed connection). */
  private static final Duration LONG = Duration.ofMinutes(5);

  private ChanServer server;
  private Session healthy;
  private Sender<Ping> pings;
  private int n;

  public record Ping(int n, Sender<Integer> reply) {}

  private void start(java.util.function.UnaryOperator<ChanServer.Builder> settings) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
      if (!"echo".equals(handshake.query())) return; // the abusive peer's session: nothing is ever accepted
      try {
        for (Ping p : session.accept(Ping.class)) {
          p.reply().send(p.n() + 1);
          p.reply().close();
        }
      } catch (SessionClosedException gone) {
        // the client left
      }
    }).build();
    server = settings.apply(ChanServer.builder(endpoint)).build().start();
    healthy = ChanClient.connect(URI.create(server.uri() + "?echo"));
    pings = healthy.newSender(Ping.class);
    assertHealthy();
  }

  @AfterEach
  void stop() {
    if (healthy != null) healthy.close();
    if (server != null) server.shutdown(Duration.ofSeconds(5));
  }

  private RawWebSocket violator() throws IOException {
    RawWebSocket ws = RawWebSocket.connect(server.uri(), true);
    ws.answerClose = false;
    ws.sendBinary(UNANNOUNCED);
    return ws;
  }

  /** Writes up to {@code limit} bytes of junk messages; returns how many went out before the server cut it off. */
  private static long flood(RawWebSocket ws, long limit) {
    long written = 0;
    try {
      while (written < limit) {
        ws.sendBinary(JUNK);
        written += JUNK.length;
      }
    } catch (IOException cutOff) {
      // the server closed the connection
    }
    return written;
  }

  /**
   * The peer writes 100 MB after its violation and reads only then, as a client that sends a whole upload before
   * it looks at the answer, and that gives the connection up when a write fails (as client libraries do). Without
   * the lingering close its writes fail with a reset after a few MB.
   */
  @Test
  void aPeerStillWritingAfterAViolationLearnsTheCodeAndTheReason() throws Exception {
    start(b -> b); // the defaults: 5 s, 128 MiB
    RawWebSocket ws = RawWebSocket.connect(server.uri(), false);
    ws.answerClose = false;
    ws.sendBinary(UNANNOUNCED);
    assertHealthy(); // while the violator lingers
    long hundredMegabytes = 100_000_000;
    assertEquals(hundredMegabytes, flood(ws, hundredMegabytes), "bytes written before the server cut the peer off");
    ws.startReading();
    assertEquals(CloseCodes.POLICY_VIOLATION, ws.awaitClose(), ws.closeReason);
    assertTrue(ws.closeReason.contains("maxPendingFrames"), ws.closeReason);
    ws.close();
    assertHealthy();
  }

  @Test
  void aPeerThatNeverStopsWritingIsCutOffAfterTheByteLimit() throws Exception {
    long drain = 1L << 20;
    start(b -> b.closeTimeout(LONG).handshakeTimeout(LONG).closeDrainBytes(drain));
    RawWebSocket ws = violator();
    long written = flood(ws, 1L << 30);
    assertEquals(CloseCodes.POLICY_VIOLATION, ws.awaitClose(), ws.closeReason);
    // Beyond the discarded bytes only what loopback socket buffers hold got out before the writes failed.
    assertTrue(written > drain && written < drain + (32L << 20), written + " bytes written");
    ws.ended.get(20, TimeUnit.SECONDS);
    ws.close();
    assertHealthy();
  }

  @Test
  void aPeerThatNeverAnswersIsCutOffAfterTheTimeout() throws Exception {
    start(b -> b.closeTimeout(Duration.ofMillis(200)).handshakeTimeout(LONG));
    RawWebSocket ws = violator();
    assertEquals(CloseCodes.POLICY_VIOLATION, ws.awaitClose(), ws.closeReason);
    assertTrue(ws.closeReason.contains("maxPendingFrames"), ws.closeReason);
    // Silent and open: the server ends the connection once the timeout passed (a clean end: nothing was unread),
    // long before the peer's own 20 s read timeout.
    assertInstanceOf(java.io.EOFException.class, ws.ended.get(20, TimeUnit.SECONDS));
    ws.close();
    assertHealthy();
  }

  @Test
  void aPeerThatAnswersTheCloseIsLetGoAtOnce() throws Exception {
    start(b -> b.closeTimeout(LONG).handshakeTimeout(LONG));
    RawWebSocket ws = violator();
    assertEquals(CloseCodes.POLICY_VIOLATION, ws.awaitClose(), ws.closeReason);
    ws.sendFrame(0x8, true, new byte[] {0x03, (byte) 0xF0}); // the answer a client library gives: 1008
    // Its close frame ends the linger: the server closes long before the five minutes (and the 20 s read timeout).
    assertInstanceOf(java.io.EOFException.class, ws.ended.get(20, TimeUnit.SECONDS));
    ws.close();
    assertHealthy();
  }

  /** The healthy session makes a request/reply exchange. */
  private void assertHealthy() throws Exception {
    Pipe<Integer> reply = Pipe.buffered(1);
    pings.send(new Ping(++n, reply.sender()));
    assertEquals(n + 1, reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
    assertTrue(healthy.isOpen(), "the other session is open");
  }
}
