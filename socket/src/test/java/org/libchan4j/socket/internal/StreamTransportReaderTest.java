package org.libchan4j.socket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.transport.TransportListener;

/** The reader's failure paths that StreamFramingFuzzTest found. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamTransportReaderTest {

  /**
   * A length word just under a large maxMessageBytes, then the end: the frame was allocated whole before any of its
   * bytes arrived (16 MiB per connection by default, 1 GiB here: an OutOfMemoryError that killed the reader).
   */
  @Test
  void aHostileLengthWordAllocatesOnlyWhatArrives() throws InterruptedException {
    byte[] stream = {0x3f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    StreamFramingFuzzTest.Outcome o = StreamFramingFuzzTest.run(stream, new int[] {2}, 1 << 30);
    assertEquals(CloseCodes.ABNORMAL, o.code);
    assertEquals(EOFException.class, o.causeType);
    assertTrue(o.readerAllocated < 16 << 20, o.readerAllocated + " bytes allocated");
  }

  /** An Error on the reader thread (here the listener's) ended the thread without telling the session. */
  @Test
  void anErrorOnTheReaderStillClosesTheTransport() throws InterruptedException {
    StreamTransport t = new StreamTransport(
        new StreamFramingFuzzTest.PiecewiseConduit(StreamFraming.frameRecord(new byte[] {7}), new int[0]), 100,
        1 << 20, 1_000);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<Throwable> cause = new AtomicReference<>();
    t.start(new TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        throw new AssertionError("listener bug");
      }

      @Override
      public void onClosed(int code, String reason, Throwable c) {
        assertEquals(CloseCodes.INTERNAL_ERROR, code);
        cause.set(c);
        closed.countDown();
      }
    });
    assertTrue(closed.await(10, TimeUnit.SECONDS), "onClosed never came");
    assertInstanceOf(AssertionError.class, cause.get());
    assertTrue(t.awaitTermination(10, TimeUnit.SECONDS));
  }
}
