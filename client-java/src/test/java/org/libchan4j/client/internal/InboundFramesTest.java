package org.libchan4j.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * InboundFrames takes whole binary messages out of a server's frames and hands Tyrus everything else whole and in
 * order, however the input is split into reads.
 */
class InboundFramesTest {
  private static final int MAX = 1000;
  private final Random random = new Random(3);

  /** One server frame: unmasked, with the shortest length form. */
  private static byte[] frame(int first, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    int n = payload.length;
    if (n < 126) {
      out.write(n);
    } else if (n < 65536) {
      out.write(126);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(127);
      for (int s = 56; s >= 0; s -= 8) out.write((int) ((long) n >> s));
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** What the sink saw: messages as "M:" + length + first byte, and Tyrus's bytes joined, in one event list. */
  private static final class Recorder implements InboundFrames.Sink {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream tyrus = new ByteArrayOutputStream();

    @Override public void message(byte[] payload) {
      events.add("M" + payload.length + ":" + (payload.length > 0 ? payload[0] : "-"));
    }

    @Override public void tyrus(ByteBuffer b) {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      if (events.isEmpty() || !events.get(events.size() - 1).equals("T")) events.add("T");
      tyrus.writeBytes(copy);
    }
  }

  private static Recorder run(byte[] input, int... cuts) {
    InboundFrames frames = new InboundFrames(MAX);
    Recorder r = new Recorder();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      // the read buffer is reused and overwritten between reads, as Grizzly's may be
      byte[] read = java.util.Arrays.copyOfRange(input, from, to);
      frames.read(ByteBuffer.wrap(read), r);
      java.util.Arrays.fill(read, (byte) 0x55);
      from = to;
    }
    return r;
  }

  @Test
  void binaryMessagesAreTakenOutAndEverythingElseReachesTyrusWholeAndInOrder() {
    byte[] a = bytes(10);
    byte[] b = bytes(300); // 16-bit length
    byte[] big = bytes(MAX + 1); // over the limit: Tyrus's (and the transport's 1009)
    byte[] ping = frame(0x89, bytes(4));
    byte[] text = frame(0x81, "hi".getBytes());
    byte[] fragStart = frame(0x02, bytes(5)); // binary, not FIN
    byte[] pingInside = frame(0x89, bytes(2));
    byte[] fragEnd = frame(0x80, bytes(6)); // final continuation
    byte[] empty = frame(0x82, new byte[0]);
    byte[] close = frame(0x88, new byte[] {0x03, (byte) 0xE8});
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    ByteArrayOutputStream forTyrus = new ByteArrayOutputStream();
    in.writeBytes(frame(0x82, a));
    in.writeBytes(ping);
    forTyrus.writeBytes(ping);
    in.writeBytes(frame(0x82, b));
    in.writeBytes(text);
    forTyrus.writeBytes(text);
    byte[] bigFrame = frame(0x82, big);
    in.writeBytes(bigFrame);
    forTyrus.writeBytes(bigFrame);
    for (byte[] f : new byte[][] {fragStart, pingInside, frame(0x82, bytes(3)), fragEnd}) {
      in.writeBytes(f); // while a fragmented message is open, even a whole binary frame is Tyrus's
      forTyrus.writeBytes(f);
    }
    in.writeBytes(empty);
    in.writeBytes(frame(0x82, a));
    in.writeBytes(close);
    forTyrus.writeBytes(close);
    byte[] input = in.toByteArray();
    List<String> expected = List.of("M10:" + a[0], "T", "M300:" + b[0], "T", "M0:-", "M10:" + a[0], "T");

    Recorder whole = run(input);
    assertEquals(expected, whole.events);
    assertEquals(java.util.Arrays.toString(forTyrus.toByteArray()), java.util.Arrays.toString(whole.tyrus.toByteArray()));
    for (int cut = 1; cut < input.length; cut += 7) {
      for (int second = cut; second < input.length; second += 211) {
        Recorder r = run(input, cut, second);
        assertEquals(expected, r.events, "cut at " + cut + " and " + second);
        assertEquals(java.util.Arrays.toString(forTyrus.toByteArray()), java.util.Arrays.toString(r.tyrus.toByteArray()),
            "cut at " + cut + " and " + second);
      }
    }
  }

  @Test
  void aMaskedOrReservedBitFrameIsTyrus() {
    byte[] masked = {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 9};
    byte[] rsv = frame(0xC2, bytes(3)); // RSV1: an extension this client never negotiated
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(masked);
    in.writeBytes(rsv);
    Recorder r = run(in.toByteArray(), 3);
    assertEquals(List.of("T"), r.events);
    assertEquals(java.util.Arrays.toString(in.toByteArray()), java.util.Arrays.toString(r.tyrus.toByteArray()));
  }
}
