package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;

/**
 * The listener's lingering close: a raw peer that breaks a limit and goes on writing still reads the close record
 * with the code and the reason; one that never stops is cut off at the time or byte bound; other sessions work.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketLingeringCloseTest {
  public record Ping(int n, Sender<Integer> reply) {}

  /** 1,100 records of {"id": 3, "data": 1}: id 3 was never announced, so each is held (maxPendingFrames, 1008). */
  private static final byte[] UNANNOUNCED = records("82a2696403a46461746101", 1100);
  /** One 50,000-byte frame record (its content is never parsed: the session is closed by then). */
  private static final byte[] JUNK = junk(50_000 - 4);

  private ChanListener listener;
  private Session healthy;
  private Sender<Ping> pings;
  private int n;

  private void start(UnaryOperator<SocketOptions.Builder> settings) throws IOException {
    SocketOptions options = settings.apply(SocketOptions.builder()).build();
    listener = ChanSockets.listen(new InetSocketAddress("127.0.0.1", 0), options, session -> {
      try {
        for (Ping p : session.accept(Ping.class)) {
          p.reply().send(p.n() + 1);
          p.reply().close();
        }
      } catch (SessionClosedException gone) {
        // the peer left, or broke a limit
      }
    });
    healthy = ChanSockets.dial(listener.address(), options);
    pings = healthy.newSender(Ping.class);
  }

  @AfterEach
  void stop() {
    if (healthy != null) healthy.close();
    if (listener != null) listener.close();
  }

  private Socket violator() throws IOException {
    Socket s = new Socket();
    s.connect(listener.address(), 10_000);
    s.setSoTimeout(20_000);
    s.getOutputStream().write(UNANNOUNCED);
    return s;
  }

  /** Writes up to {@code limit} bytes of records; returns how many went out before the listener cut it off. */
  private static long flood(Socket s, long limit) {
    long written = 0;
    try {
      OutputStream out = s.getOutputStream();
      while (written < limit) {
        out.write(JUNK);
        written += JUNK.length;
      }
    } catch (IOException cutOff) {
      // the listener dropped the connection
    }
    return written;
  }

  @Test
  void aPeerStillWritingAfterAViolationLearnsTheCodeAndTheReason() throws Exception {
    start(b -> b); // the defaults: 5 s, 128 MiB
    try (Socket s = violator()) {
      assertHealthy(); // while the violator lingers
      // It writes 100 MB before it reads anything, and would give the connection up on a failed write.
      long hundredMegabytes = 2000L * JUNK.length;
      assertEquals(hundredMegabytes, flood(s, hundredMegabytes), "bytes written before the listener cut the peer off");
      String close = readClose(s);
      assertTrue(close.startsWith(CloseCodes.POLICY_VIOLATION + " ") && close.contains("maxPendingFrames"), close);
    }
    assertHealthy();
  }

  @Test
  void aPeerThatNeverStopsWritingIsCutOffAfterTheByteLimit() throws Exception {
    long drain = 1L << 20;
    start(b -> b.closeTimeout(Duration.ofMinutes(5)).closeDrainBytes(drain));
    try (Socket s = violator()) {
      long written = flood(s, 1L << 30);
      // Beyond the discarded bytes only what loopback socket buffers hold got out before the writes failed.
      assertTrue(written > drain && written < drain + (32L << 20), written + " bytes written");
    }
    assertHealthy();
  }

  @Test
  void aPeerThatNeverStopsWritingIsCutOffAfterTheTimeout() throws Exception {
    start(b -> b.closeTimeout(Duration.ofMillis(200)).closeDrainBytes(Long.MAX_VALUE));
    try (Socket s = violator()) {
      long written = flood(s, 16L << 30);
      assertTrue(written < 16L << 30, "cut off after " + written + " bytes");
    }
    assertHealthy();
  }

  /** Reads records up to the close record; returns "code reason". */
  private static String readClose(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    for (;;) {
      int length = in.readInt();
      if (length != 0) {
        in.skipNBytes(length);
        continue;
      }
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
      return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private void assertHealthy() throws Exception {
    Pipe<Integer> reply = Pipe.buffered(1);
    pings.send(new Ping(++n, reply.sender()));
    assertEquals(n + 1, reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
    assertTrue(healthy.isOpen(), "the other session is open");
  }

  private static byte[] records(String frameHex, int count) {
    byte[] frame = HexFormat.of().parseHex(frameHex);
    byte[] out = new byte[(4 + frame.length) * count];
    for (int i = 0; i < count; i++) {
      int at = i * (4 + frame.length);
      out[at + 3] = (byte) frame.length;
      System.arraycopy(frame, 0, out, at + 4, frame.length);
    }
    return out;
  }

  private static byte[] junk(int length) {
    byte[] out = new byte[4 + length];
    out[1] = (byte) (length >>> 16);
    out[2] = (byte) (length >>> 8);
    out[3] = (byte) length;
    out[4] = (byte) 0xc0; // nil, then zeros
    return out;
  }
}
