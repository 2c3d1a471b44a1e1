package org.libchan4j.socket.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.transport.TransportListener;

/**
 * Fuzzes the raw stream framing's reading path: {@link StreamTransport}'s reader over a {@link Conduit} that hands
 * out the fuzzer's bytes in fuzzer-chosen pieces (regression mode replays {@code StreamFramingFuzzTestInputs/}).
 * Invariants, for any bytes, any split points and a maxMessageBytes from 1 to 1 GiB: the frames and the close
 * (code, reason, kind of cause) are those of a straightforward model of PROTOCOL.md section 2.2 and the same as
 * when the bytes arrive whole; the close code is the peer's (close record), 1005 (end at a record boundary), 1006
 * (end inside a record), or a {@link ProtocolException}'s 1002/1007/1009, after which this side sent exactly that
 * close record; both threads end; the reader thread allocates no more than a few times the input (plus its
 * buffers), whatever a length word declares. The fuzzing JVM's heap is small too (socket/pom.xml).
 */
class StreamFramingFuzzTest {
  private static final int[] MAX_MESSAGE_BYTES = {1, 2, 7, 300, 64 * 1024, 16 << 20, 1 << 30};
  private static final com.sun.management.ThreadMXBean ALLOCATIONS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
  /**
   * What a reader thread may allocate besides the frames: its 64 KiB input buffer, logging, a close record, and
   * whatever loading (and Jazzer's instrumenting) a class on a path met for the first time costs. Large enough for
   * that noise, small enough that a frame allocated whole for a length word above it (up to 1 GiB) is caught.
   */
  private static final long ALLOCATION_SLACK = 16 << 20;

  private static boolean warmedUp;

  /** Every path once, so that class loading is out of the way before the allocation checks count. */
  private static void warmUp() throws InterruptedException {
    for (byte[] warm : new byte[][] {{}, {0, 0, 0, 1, 9}, {0, 0, 0, 5}, {0, 0, 0, 0, 0, 0, 0, 2, 3, (byte) 0xe8},
        {0, 0, 0, 0, 0, 0, 0, 3, 3, (byte) 0xe8, (byte) 0xff}, {0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 1, 0}}) {
      run(warm, new int[] {1}, 2);
    }
  }

  @FuzzTest
  void read(FuzzedDataProvider data) throws InterruptedException {
    if (!warmedUp) {
      warmedUp = true;
      warmUp();
    }
    int max = data.pickValue(MAX_MESSAGE_BYTES);
    int[] pieces = new int[data.consumeInt(0, 8)];
    for (int i = 0; i < pieces.length; i++) pieces[i] = data.consumeInt(1, 70);
    byte[] stream = data.consumeRemainingAsBytes();

    Outcome expected = model(stream, max);
    Outcome whole = run(stream, new int[0], max);
    Outcome split = run(stream, pieces, max);
    expected.assertSame(whole, "bytes fed whole");
    expected.assertSame(split, "bytes split at " + Arrays.toString(pieces));
  }

  /** What a peer's stream means, record by record (PROTOCOL.md 2.2). */
  static Outcome model(byte[] s, int max) {
    Outcome o = new Outcome();
    ByteBuffer in = ByteBuffer.wrap(s);
    while (true) {
      if (in.remaining() == 0) return o.closed(1005, "", null);
      if (in.remaining() < 4) return o.closed(CloseCodes.ABNORMAL, "connection ended inside a record", EOFException.class);
      long length = in.getInt() & 0xffffffffL;
      if (length == 0) {
        if (in.remaining() < 4) return o.closed(CloseCodes.ABNORMAL, "connection ended inside a record", EOFException.class);
        long n = in.getInt() & 0xffffffffL;
        if (n < 2 || n > 125) return o.protocol(CloseCodes.PROTOCOL_ERROR);
        if (in.remaining() < n) return o.closed(CloseCodes.ABNORMAL, "connection ended inside a record", EOFException.class);
        int code = in.getShort() & 0xffff;
        byte[] reason = new byte[(int) n - 2];
        in.get(reason);
        try {
          String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(reason)).toString();
          return o.closed(code, text, null);
        } catch (CharacterCodingException e) {
          return o.protocol(CloseCodes.INVALID_DATA);
        }
      }
      if (length > max) return o.protocol(CloseCodes.MESSAGE_TOO_BIG);
      if (in.remaining() < length) return o.closed(CloseCodes.ABNORMAL, "connection ended inside a record", EOFException.class);
      byte[] frame = new byte[(int) length];
      in.get(frame);
      o.frames.add(frame);
    }
  }

  /** The transport's reader over the stream, in pieces of the given sizes (cycled; none: as large as asked). */
  static Outcome run(byte[] stream, int[] pieces, int max) throws InterruptedException {
    PiecewiseConduit conduit = new PiecewiseConduit(stream, pieces);
    StreamTransport transport = new StreamTransport(conduit, max, 1 << 20, 5_000);
    Outcome o = new Outcome();
    CountDownLatch closed = new CountDownLatch(1);
    transport.start(new TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        synchronized (o) {
          if (o.code != 0) throw new AssertionError("a frame after the close");
          o.frames.add(message);
        }
      }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        synchronized (o) {
          if (o.code != 0) throw new AssertionError("closed twice");
          o.closed(code, reason, cause == null ? null : cause.getClass());
          o.cause = cause;
          o.readerAllocated = ALLOCATIONS.getCurrentThreadAllocatedBytes(); // the reader tells of the close
        }
        closed.countDown();
      }
    });
    if (!closed.await(10, TimeUnit.SECONDS) || !transport.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the transport did not close and end its threads on " + stream.length + " bytes");
    }
    synchronized (o) {
      o.sent = conduit.output.toByteArray();
      if (o.readerAllocated > ALLOCATION_SLACK + 4L * stream.length) {
        throw new AssertionError("the reader allocated " + o.readerAllocated + " bytes for " + stream.length
            + " bytes of input (maxMessageBytes " + max + ")");
      }
      return o;
    }
  }

  static final class Outcome {
    final List<byte[]> frames = new ArrayList<>();
    int code;
    String reason;
    Class<?> causeType;
    Throwable cause;
    byte[] sent;
    long readerAllocated;

    Outcome closed(int code, String reason, Class<?> causeType) {
      this.code = code;
      this.reason = reason;
      this.causeType = causeType;
      return this;
    }

    /** A framing error: closed with a ProtocolException of this code (its reason is the message). */
    Outcome protocol(int code) {
      return closed(code, null, ProtocolException.class);
    }

    void assertSame(Outcome actual, String how) {
      String at = how + ", " + frames.size() + " frames expected";
      if (actual.frames.size() != frames.size()) {
        throw new AssertionError(at + ": got " + actual.frames.size() + ", then close " + actual.code);
      }
      for (int i = 0; i < frames.size(); i++) {
        if (!Arrays.equals(frames.get(i), actual.frames.get(i))) throw new AssertionError(at + ": frame " + i + " differs");
      }
      if (actual.code != code || actual.causeType != causeType) {
        throw new AssertionError(at + ": closed " + actual.code + " (" + actual.reason + ", " + actual.cause
            + "), expected " + code + " with " + (causeType == null ? "no cause" : causeType.getSimpleName()), actual.cause);
      }
      if (causeType == ProtocolException.class) {
        ProtocolException e = (ProtocolException) actual.cause;
        if (e.closeCode() != code || !e.getMessage().equals(actual.reason)) {
          throw new AssertionError(at + ": " + e + " reported as " + actual.code + " " + actual.reason, e);
        }
        // the peer is told why, in one close record, and nothing else
        if (!Arrays.equals(actual.sent, StreamFraming.closeRecord(code, actual.reason))) {
          throw new AssertionError(at + ": sent " + actual.sent.length + " bytes instead of the close record");
        }
      } else {
        if (!reason.equals(actual.reason)) throw new AssertionError(at + ": reason '" + actual.reason + "'");
        if (actual.sent.length != 0) throw new AssertionError(at + ": sent " + actual.sent.length + " bytes");
      }
    }
  }

  /** Serves the stream in pieces; what this side writes is kept. */
  static final class PiecewiseConduit implements Conduit {
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final byte[] stream;
    private final int[] pieces;
    private int at;
    private int piece;

    PiecewiseConduit(byte[] stream, int[] pieces) {
      this.stream = stream;
      this.pieces = pieces;
    }

    @Override
    public InputStream input() {
      return new InputStream() {
        @Override
        public int read() {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          synchronized (PiecewiseConduit.this) {
            if (len == 0) return 0;
            if (at == stream.length) return -1;
            int n = Math.min(len, stream.length - at);
            if (pieces.length > 0) n = Math.min(n, pieces[piece++ % pieces.length]);
            System.arraycopy(stream, at, b, off, n);
            at += n;
            return n;
          }
        }
      };
    }

    @Override
    public OutputStream output() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (output) {
            output.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (output) {
            output.write(b, off, len);
          }
        }
      };
    }

    @Override
    public void shutdownOutput() {}

    @Override
    public void close() {}

    @Override
    public String describe() {
      return "fuzzer";
    }
  }
}
