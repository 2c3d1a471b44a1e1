package org.libchan4j.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The write path's rules, on a fake sink whose writes the test completes. */
class FrameFlusherTest {
  private final List<byte[]> written = new ArrayList<>();
  private final List<Thread> writerThreads = new ArrayList<>();
  /** Completions of writes the sink left pending (async mode). */
  private final ArrayDeque<Consumer<Throwable>> pending = new ArrayDeque<>();
  private final List<String> events = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1L << 40);
  /** Writer tasks handed off by scheduleFlush, run when the test says. */
  private final ArrayDeque<Runnable> scheduled = new ArrayDeque<>();
  private boolean async;

  private final FrameFlusher.Sink sink = (message, done) -> {
    byte[] b = new byte[message.remaining()];
    message.get(b);
    written.add(b);
    writerThreads.add(Thread.currentThread());
    if (async) pending.add(done); else done.accept(null);
  };

  private final FrameFlusher.Events listener = new FrameFlusher.Events() {
    @Override public void onWritable() { events.add("writable"); }
    @Override public void onOverflow() { events.add("overflow"); }
    @Override public void onWriteFailed(Throwable cause) { events.add("failed " + cause.getMessage()); }
    @Override public void onDrained() { events.add("drained"); }
  };

  private FrameFlusher flusher(int maxBatch, long highWater, long maxQueued) {
    return new FrameFlusher(sink, listener, scheduled::add, nanos::get, maxBatch, highWater, maxQueued);
  }

  private static byte[] frame(int n, int size) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) n);
    return b;
  }

  @Test
  void aLoneFrameIsWrittenOnTheFlushingThread() {
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 10));
    assertTrue(written.isEmpty(), "offer does no I/O");
    f.flush();
    assertEquals(1, written.size());
    assertSame(Thread.currentThread(), writerThreads.get(0));
  }

  @Test
  void framesQueuedBeforeAFlushLeaveAsOneMessage() {
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 3));
    f.offer(frame(2, 4));
    f.offer(frame(3, 5));
    f.flush();
    assertEquals(1, written.size());
    assertArrayEquals(new byte[] {1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3}, written.get(0));
  }

  @Test
  void framesQueuedBehindAWriteInFlightLeaveTogetherWhenItCompletes() {
    async = true;
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 2));
    f.flush();
    assertEquals(1, written.size());
    for (int i = 2; i <= 5; i++) {
      f.offer(frame(i, 2));
      f.flush(); // a write is in flight: returns at once
    }
    assertEquals(1, written.size());
    pending.poll().accept(null); // the first write completes: the writer continues with everything queued
    assertEquals(2, written.size());
    assertArrayEquals(new byte[] {2, 2, 3, 3, 4, 4, 5, 5}, written.get(1));
  }

  @Test
  void batchesStayWithinMaxBatchAndNeverSplitAFrame() {
    FrameFlusher f = flusher(10, 1 << 20, 1 << 24);
    f.offer(frame(1, 4));
    f.offer(frame(2, 4));
    f.offer(frame(3, 4)); // would make 12 > 10: next message
    f.offer(frame(4, 25)); // larger than a batch: alone
    f.offer(frame(5, 1));
    f.flush();
    assertEquals(List.of(8, 4, 25, 1), written.stream().map(b -> b.length).toList());
  }

  @Test
  void aScheduledFlushOnAnIdleConnectionIsWrittenInline() {
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 2));
    f.scheduleFlush();
    assertEquals(1, written.size(), "a lone frame pays no hand-off");
    assertSame(Thread.currentThread(), writerThreads.get(0));
    assertTrue(scheduled.isEmpty());
  }

  /**
   * A flusher in the middle of a burst (writes just ended, the clock has not moved since) whose inline writes are
   * used up: the next scheduled flush hands off.
   */
  private FrameFlusher bursting() {
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    for (int i = 0; i < FrameFlusher.INLINE_PER_BURST; i++) {
      f.offer(frame(0, 1));
      f.scheduleFlush();
    }
    assertEquals(FrameFlusher.INLINE_PER_BURST, written.size());
    assertTrue(scheduled.isEmpty());
    written.clear();
    writerThreads.clear();
    return f;
  }

  @Test
  void aScheduledFlushIsOneHandOffForEveryFrameQueuedBeforeTheWriterRuns() {
    FrameFlusher f = bursting();
    for (int i = 1; i <= 3; i++) {
      f.offer(frame(i, 2));
      f.scheduleFlush();
    }
    assertEquals(1, scheduled.size(), "one writer task for the burst");
    assertTrue(written.isEmpty(), "nothing written on the sender's thread");
    scheduled.poll().run();
    assertEquals(1, written.size());
    assertArrayEquals(new byte[] {1, 1, 2, 2, 3, 3}, written.get(0));
  }

  @Test
  void aFlushTakesOverAScheduledWriterThatHasNotStarted() {
    FrameFlusher f = bursting();
    f.offer(frame(1, 2));
    f.scheduleFlush(); // the request is queued, and its writer scheduled
    f.offer(frame(2, 1)); // the END, say
    f.flush(); // the caller is about to wait for the reply: it writes both itself
    assertEquals(1, written.size());
    assertSame(Thread.currentThread(), writerThreads.get(0));
    assertArrayEquals(new byte[] {1, 1, 2}, written.get(0));
    scheduled.poll().run(); // the writer task starts late and finds nothing to do
    assertEquals(1, written.size());
    nanos.addAndGet(FrameFlusher.BURST_NANOS / 2);
    f.offer(frame(3, 1));
    f.scheduleFlush();
    assertEquals(1, scheduled.size(), "right after a write: a burst schedules a writer");
    scheduled.poll().run();
    nanos.addAndGet(2 * FrameFlusher.BURST_NANOS);
    f.offer(frame(4, 1));
    f.scheduleFlush();
    assertEquals(3, written.size(), "idle again: inline");
    assertTrue(scheduled.isEmpty());
  }

  @Test
  void aReplyAndItsEndFromAThreadThatGoesOnAreBothWrittenInlineThenAWriterTakesOver() {
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 2)); // a blocking handler's reply, on an idle connection
    f.scheduleFlush();
    nanos.addAndGet(1_000);
    f.offer(frame(2, 1)); // its END, a microsecond later
    f.scheduleFlush();
    assertEquals(2, written.size(), "the second write of a burst is inline too");
    assertTrue(scheduled.isEmpty(), "no writer task for a reply and its END");
    nanos.addAndGet(1_000);
    f.offer(frame(3, 1)); // a third send in the same burst: from now on the writer batches
    f.scheduleFlush();
    assertEquals(2, written.size());
    assertEquals(1, scheduled.size());
    f.offer(frame(4, 1));
    f.scheduleFlush();
    assertEquals(1, scheduled.size(), "one writer task per batch");
    scheduled.poll().run();
    assertEquals(3, written.size());
    assertArrayEquals(new byte[] {3, 4}, written.get(2));
  }

  @Test
  void notWritableAboveTheHighWaterMarkUntilHalfOfItRemains() {
    async = true;
    FrameFlusher f = flusher(100, 250, 1 << 20);
    f.offer(frame(1, 100));
    f.flush(); // in flight: 100 bytes
    f.offer(frame(2, 100));
    f.offer(frame(3, 100)); // 300 > 250
    assertFalse(f.isWritable());
    assertEquals(300, f.queuedBytes());
    pending.poll().accept(null); // 200 left, above 125
    assertFalse(f.isWritable());
    assertEquals(List.of(), events);
    pending.poll().accept(null); // 100 left
    assertTrue(f.isWritable());
    assertEquals(List.of("writable"), events);
    pending.poll().accept(null);
    assertEquals(0, f.queuedBytes());
  }

  @Test
  void overflowDropsTheQueueAndIsReportedByTheNextFlushNotByOffer() {
    async = true;
    FrameFlusher f = flusher(100, 150, 250);
    f.offer(frame(1, 100));
    f.flush();
    f.offer(frame(2, 100));
    f.offer(frame(3, 100)); // 300 > 250: the peer does not read
    assertEquals(List.of(), events, "offer runs under the session lock: it reports nothing");
    assertEquals(0, f.queuedBytes());
    f.flush();
    assertEquals(List.of("overflow"), events);
    f.offer(frame(4, 1));
    f.flush();
    assertEquals(1, written.size(), "nothing more is written");
  }

  @Test
  void closeWritesWhatWasQueuedThenReportsDrained() {
    async = true;
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 2));
    f.flush();
    f.offer(frame(2, 2));
    assertFalse(f.close(), "a write is in flight: close waits for it");
    f.offer(frame(3, 2)); // after close: dropped
    pending.poll().accept(null);
    assertEquals(2, written.size());
    assertEquals(List.of(), events);
    pending.poll().accept(null);
    assertEquals(List.of("drained"), events);
    assertArrayEquals(new byte[] {2, 2}, written.get(1));
    assertTrue(flusher(65536, 1 << 20, 1 << 24).close(), "nothing queued: close at once");
  }

  @Test
  void aFailedWriteStopsTheWriter() {
    async = true;
    FrameFlusher f = flusher(65536, 1 << 20, 1 << 24);
    f.offer(frame(1, 2));
    f.flush();
    f.offer(frame(2, 2));
    pending.poll().accept(new java.io.IOException("reset"));
    assertEquals(List.of("failed reset"), events);
    assertEquals(1, written.size());
    assertEquals(0, f.queuedBytes());
  }

  @Test
  void bytesWrittenInOrderUnderConcurrentOfferAndFlush() throws Exception {
    List<byte[]> out = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
    FrameFlusher.Events onDrained = new FrameFlusher.Events() {
      @Override public void onWritable() {}
      @Override public void onOverflow() {}
      @Override public void onWriteFailed(Throwable cause) {}
      @Override public void onDrained() { drained.countDown(); }
    };
    FrameFlusher f = new FrameFlusher((m, done) -> {
      byte[] b = new byte[m.remaining()];
      m.get(b);
      out.add(b);
      done.accept(null);
    }, onDrained, r -> new Thread(r).start(), 64, 1 << 30, 1L << 40);
    Object sessionLock = new Object(); // offers are serialised by the session's lock, flushes are not
    int[] next = {0};
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 5000; i++) {
          synchronized (sessionLock) {
            f.offer(ByteBuffer.allocate(4).putInt(next[0]++).array());
          }
          f.flush();
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    if (!f.close()) assertTrue(drained.await(20, java.util.concurrent.TimeUnit.SECONDS), "writer drained");
    ByteBuffer all = ByteBuffer.allocate(4 * 20_000);
    synchronized (out) {
      for (byte[] b : out) all.put(b);
    }
    all.flip();
    assertEquals(4 * 20_000, all.remaining());
    for (int i = 0; i < 20_000; i++) assertEquals(i, all.getInt());
  }
}
