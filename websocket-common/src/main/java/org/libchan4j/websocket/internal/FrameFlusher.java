package org.libchan4j.websocket.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.libchan4j.internal.engine.FrameBatch;

/**
 * Internal: the outbound half of a WebSocket transport, in the shape of Jetty's {@code FrameFlusher} and OkHttp's
 * {@code RealWebSocket} writer. {@link #offer} only queues (the session calls it under its lock); {@link #flush}
 * (called after the lock is released) starts a writer unless one is running, and the writer sends every frame
 * queued when it takes a batch as ONE message of at most {@code maxBatch} bytes, so frames queued behind a write
 * in flight leave together.
 *
 * <p>Where the writer runs (an explicit state machine: IDLE, SCHEDULED, WRITING): {@link #flush} writes on the
 * calling thread, taking over a writer that was scheduled but has not started; {@link #scheduleFlush} writes
 * inline too for the first {@link #INLINE_PER_BURST} flushes after the connection was idle for
 * {@link #BURST_NANOS}, and otherwise hands the writing to {@code writers} unless a writer is scheduled or running,
 * so a burst of sends costs one hand-off per batch, not one per frame. A write that does not complete inline
 * continues on the thread that completes it.
 *
 * <p>Accounting: queued bytes count until their write completes. Above {@code highWater} the flusher is not
 * writable; when the bytes fall to half of it {@link Events#onWritable} runs. Above {@code maxQueued} the peer is
 * taken not to read: the queue is dropped and {@link Events#onOverflow} runs from the next {@link #flush}.
 */
final class FrameFlusher {
  /** Where batches go: one WebSocket message each. */
  interface Sink {
    /** Writes one message; calls {@code done} exactly once (null on success), possibly before returning. */
    void write(ByteBuffer message, Consumer<Throwable> done);
  }

  /** What the owner does about the flusher's events; called with no lock held. */
  interface Events {
    void onWritable();

    void onOverflow();

    void onWriteFailed(Throwable cause);

    /** A close was requested and everything queued before it has been written. */
    void onDrained();
  }

  /** A scheduled flush less than this after the last write is part of a burst. */
  static final long BURST_NANOS = 20_000;
  /**
   * Scheduled flushes of a burst written inline before a writer task takes over: a blocking handler's reply and its
   * END then cost two writes on its own thread rather than a hand-off, while a stream of sends still batches.
   */
  static final int INLINE_PER_BURST = 2;

  private enum State { OPEN, CLOSING, STOPPED }

  /** Who writes: nobody, a writer task not started yet, or a thread in {@link #run}. */
  private enum Writer { IDLE, SCHEDULED, WRITING }

  private final Sink sink;
  private final Events events;
  private final java.util.concurrent.Executor writers;
  private final java.util.function.LongSupplier nanoClock;
  /** When the writer last went idle (guarded by lock). */
  private long lastWriteEnd;
  /** Scheduled flushes written inline since the connection was last idle (guarded by lock). */
  private int inlineInBurst;
  private final int maxBatch;
  private final long highWater;
  private final long maxQueued;

  private final Object lock = new Object();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queuedBytes; // queued and in flight (guarded by lock)
  private Writer writer = Writer.IDLE;
  private boolean overflowed;
  private State state = State.OPEN;
  private volatile boolean blocked;
  private long messages; // written, guarded by lock

  FrameFlusher(Sink sink, Events events, java.util.concurrent.Executor writers, int maxBatch, long highWater,
      long maxQueued) {
    this(sink, events, writers, System::nanoTime, maxBatch, highWater, maxQueued);
  }

  FrameFlusher(Sink sink, Events events, java.util.concurrent.Executor writers,
      java.util.function.LongSupplier nanoClock, int maxBatch, long highWater, long maxQueued) {
    this.sink = sink;
    this.events = events;
    this.writers = writers;
    this.nanoClock = nanoClock;
    this.lastWriteEnd = nanoClock.getAsLong() - 2 * BURST_NANOS;
    this.maxBatch = maxBatch;
    this.highWater = highWater;
    this.maxQueued = maxQueued;
  }

  /** Queues a frame; never does I/O. Dropped once closing or stopped. */
  void offer(byte[] frame) {
    synchronized (lock) {
      if (state != State.OPEN) return;
      if (queuedBytes + frame.length > maxQueued) {
        overflowed = true;
        stopLocked();
        return;
      }
      queue.add(frame);
      queuedBytes += frame.length;
      if (queuedBytes > highWater) blocked = true;
    }
  }

  boolean isWritable() {
    return !blocked;
  }

  /** Messages written so far (for tests and metrics: with {@code frames} queued, how much coalescing happened). */
  long messagesWritten() {
    synchronized (lock) {
      return messages;
    }
  }

  /** Bytes queued or in flight. */
  long queuedBytes() {
    synchronized (lock) {
      return queuedBytes;
    }
  }

  /** Writes what is queued on this thread, unless a writer is running (it takes the frames). */
  void flush() {
    if (claim(false)) run();
  }

  /**
   * Has what is queued written soon: on this thread when the connection was idle or this is the second write since
   * (a lone frame, or a reply and its END, pays no hand-off), else by a writer task, unless one is scheduled or
   * running (a burst: the sender goes on while the writer batches behind it, one hand-off per batch).
   */
  void scheduleFlush() {
    boolean inline = false;
    synchronized (lock) {
      if (!overflowed) {
        if (writer != Writer.IDLE || state == State.STOPPED || queue.isEmpty()) return;
        if (nanoClock.getAsLong() - lastWriteEnd > BURST_NANOS) inlineInBurst = 0;
        inline = inlineInBurst < INLINE_PER_BURST;
        if (inline) inlineInBurst++;
        writer = inline ? Writer.WRITING : Writer.SCHEDULED;
      }
    }
    if (inline) {
      run();
      return;
    }
    writers.execute(() -> {
      if (claim(true)) run();
    });
  }

  /**
   * Takes the writer's part for this thread: from IDLE, or from a scheduled writer that has not started (a flush
   * takes over; the task itself only from SCHEDULED). False when another thread writes or nothing is to be done.
   * An overflow {@link #offer} found is reported here instead, outside the session's lock.
   */
  private boolean claim(boolean asScheduledTask) {
    synchronized (lock) {
      if (!overflowed) {
        boolean mine = asScheduledTask ? writer == Writer.SCHEDULED
            : writer != Writer.WRITING && state != State.STOPPED && !queue.isEmpty();
        if (mine) writer = Writer.WRITING;
        return mine;
      }
      overflowed = false;
    }
    events.onOverflow();
    return false;
  }

  /**
   * No more frames are accepted; what is queued is still written. Returns true when nothing is queued or being
   * written (the caller closes now); otherwise {@link Events#onDrained} runs once the writer is done.
   */
  boolean close() {
    boolean now;
    synchronized (lock) {
      if (state != State.OPEN) return false;
      state = State.CLOSING;
      now = writer != Writer.WRITING && queue.isEmpty();
    }
    if (!now) flush();
    return now;
  }

  /** Drops everything queued; nothing more is written. */
  void stop() {
    synchronized (lock) {
      stopLocked();
    }
  }

  private void stopLocked() {
    state = State.STOPPED;
    queue.clear();
    queuedBytes = 0;
    blocked = false;
  }

  /** The writer loop: one batch per message, looping while writes complete inline. */
  private void run() {
    while (true) {
      ByteBuffer batch;
      boolean drained = false;
      synchronized (lock) {
        batch = state == State.STOPPED ? null : take();
        if (batch != null) messages++;
        if (batch == null) {
          writer = Writer.IDLE;
          lastWriteEnd = nanoClock.getAsLong();
          drained = state == State.CLOSING;
        }
      }
      if (batch == null) {
        if (drained) events.onDrained();
        return;
      }
      int length = batch.remaining();
      AtomicInteger phase = new AtomicInteger(); // 0 = in write, 1 = completed inline, 2 = write returned first
      try {
        sink.write(batch, error -> {
          if (!written(length, error)) return;
          if (!phase.compareAndSet(0, 1)) run(); // the write returned before completing: continue here
        });
      } catch (RuntimeException e) {
        written(length, e);
        return;
      }
      if (phase.compareAndSet(0, 2)) return; // the completion continues the loop, or the write failed
    }
  }

  /** Accounts for a finished write; false if it failed (the writer stops). */
  private boolean written(int length, Throwable error) {
    boolean writable = false;
    synchronized (lock) {
      queuedBytes = Math.max(0, queuedBytes - length);
      if (error != null) {
        stopLocked();
        writer = Writer.IDLE;
      } else if (blocked && queuedBytes <= highWater / 2) {
        blocked = false;
        writable = true;
      }
    }
    if (error != null) {
      events.onWriteFailed(error);
      return false;
    }
    if (writable) events.onWritable();
    return true;
  }

  /** The next message (see {@link FrameBatch}), or null when nothing is queued. */
  private ByteBuffer take() {
    byte[] batch = FrameBatch.take(queue, maxBatch);
    return batch == null ? null : ByteBuffer.wrap(batch);
  }
}
