package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libchan4j.socket.internal.Conduit;
import org.libchan4j.socket.internal.StreamFraming;
import org.libchan4j.socket.internal.StreamTransport;
import org.libchan4j.CloseCodes;
import org.libchan4j.testing.StreamVectors;
import org.libchan4j.testing.StreamVectors.Record;
import org.libchan4j.transport.TransportListener;

/** The golden stream records (core's {@code vectors/stream/}) through the encoder and through a live transport. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamFramingTest {

  static Stream<Named<Record>> records() {
    return StreamVectors.loadAll().stream().map(r -> Named.of(r.file(), r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void encodes(Record r) {
    byte[] actual = r.isFrame()
        ? StreamFraming.frameRecord(Arrays.copyOfRange(r.hex(), 4, r.hex().length))
        : StreamFraming.closeRecord(r.code(), r.reason());
    assertArrayEquals(r.hex(), actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void transportReadsIt(Record r) throws Exception {
    Recorder events = read(r.hex());
    if (r.isFrame()) {
      assertArrayEquals(Arrays.copyOfRange(r.hex(), 4, r.hex().length), events.messages.poll(10, TimeUnit.SECONDS));
      assertEquals("1005 ", events.closed.get(10, TimeUnit.SECONDS), "the end of the stream after a whole record");
    } else {
      assertEquals(r.code() + " " + r.reason(), events.closed.get(10, TimeUnit.SECONDS));
    }
    assertNull(events.messages.poll(), "nothing else delivered");
  }

  @Test
  void codesNeverSentBecomeInternalError() {
    for (int code : new int[] {1005, 1006, 1015}) {
      byte[] record = StreamFraming.closeRecord(code, "x");
      assertEquals(1011, ((record[8] & 0xff) << 8) | (record[9] & 0xff));
    }
  }

  @Test
  void longReasonsAreCutAtACharacterBoundary() {
    String reason = "é".repeat(100); // 200 bytes
    byte[] record = StreamFraming.closeRecord(1000, reason);
    assertEquals(2 * 4 + 2 + 122, record.length, "122 bytes: 123 would split a character");
    assertEquals("é".repeat(61), new String(record, 10, 122, StandardCharsets.UTF_8));
  }

  @Test
  void endInsideARecordIsAbnormal() throws Exception {
    Recorder events = read(new byte[] {0, 0, 0, 9, (byte) 0x81});
    assertEquals("1006 connection ended inside a record", events.closed.get(10, TimeUnit.SECONDS));
  }

  @Test
  void badCloseRecordIsAProtocolError() throws Exception {
    Recorder events = read(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 3});
    assertEquals("1002 bad close record: payload of 1 bytes (2 to 125 expected)",
        events.closed.get(10, TimeUnit.SECONDS));
  }

  /** Starts a transport whose connection delivers {@code bytes} and then ends. */
  @Test
  void inTheExtendedModeAnEndWithoutCloseRecordIsADrop() throws Exception {
    byte[] record = StreamFraming.frameRecord(new byte[] {(byte) 0x80}); // {} then the end, at a record boundary
    Recorder events = new Recorder();
    new StreamTransport(new FixedConduit(record), 1 << 20, 1 << 20, 1_000, Long.MAX_VALUE, true).start(events);
    assertArrayEquals(new byte[] {(byte) 0x80}, events.messages.poll(10, TimeUnit.SECONDS));
    assertEquals(CloseCodes.ABNORMAL + " connection ended without a close record",
        events.closed.get(10, TimeUnit.SECONDS), "an extended peer always sends the close record: this was a drop");
  }

  private static Recorder read(byte[] bytes) {
    Recorder events = new Recorder();
    new StreamTransport(new FixedConduit(bytes), 1 << 20, 1 << 20, 1_000).start(events);
    return events;
  }

  private static final class Recorder implements TransportListener {
    final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onClosed(int code, String reason, Throwable cause) {
      closed.complete(code + " " + reason);
    }
  }

  /** A connection that yields fixed bytes, then its end; what is written is kept. */
  private static final class FixedConduit implements Conduit {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    FixedConduit(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream input() {
      return in;
    }

    @Override
    public OutputStream output() {
      return out;
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {}

    @Override
    public String describe() {
      return "fixed bytes";
    }
  }
}
