package org.libchan4j.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.libchan4j.ChannelFailedException;

/**
 * Internal: one direction of a byte stream: chunks appended by a writer (or the network), read through
 * {@link #input()}, then the end or a failure. Once {@link #redirect redirected}, appends go straight to a sink
 * instead (a pipe end handed to a peer). Appends never block. State is guarded by a {@link ReentrantLock}, not a
 * monitor: a reader waiting for bytes parks, so a virtual thread reading does not pin its carrier.
 */
final class ByteQueue {

  /** Where a redirected queue's bytes go. */
  interface Sink {
    void write(byte[] bytes, int off, int len) throws IOException;

    void end() throws IOException;

    /** Ends with the writer's error instead (see {@link org.libchan4j.ByteStream#fail}). */
    void fail(int code, String message) throws IOException;
  }

  private final BufferAccount account;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private boolean ended;
  private boolean closed;
  private Throwable failure;
  private Sink sink;
  private volatile java.util.function.LongConsumer onConsumed;
  private volatile Runnable onClose;
  private final InputStream input = new Input();

  /** @param account charged for buffered bytes (network deliveries), or null */
  ByteQueue(BufferAccount account) {
    this.account = account;
  }

  /** Appends a copy of the bytes; after the end they are refused. */
  void append(byte[] bytes, int off, int len) throws IOException {
    Sink target;
    lock.lock();
    try {
      if (ended) throw new IOException("stream is closed for writing");
      if (failure != null) throw new IOException("stream failed", failure);
      target = sink;
      if (target == null) {
        if (closed || len == 0) return;
        byte[] copy = new byte[len];
        System.arraycopy(bytes, off, copy, 0, len);
        appendOwned(copy);
        return;
      }
    } finally {
      lock.unlock();
    }
    target.write(bytes, off, len);
  }

  /** Appends an array the caller gives up (network deliveries): no copy. */
  void appendOwned(byte[] bytes) {
    lock.lock();
    try {
      if (ended || failure != null || closed || bytes.length == 0) return;
      if (account != null) account.reserve(bytes.length);
      chunks.add(bytes);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the bytes. */
  void end() throws IOException {
    Sink target;
    lock.lock();
    try {
      if (ended) return;
      ended = true;
      changed.signalAll();
      target = sink;
    } finally {
      lock.unlock();
    }
    if (target != null) target.end();
  }

  /**
   * The writer ends with an error: a redirected queue passes it to its sink, otherwise the reader fails with a
   * {@link ChannelFailedException} after the buffered bytes (or the sink gets it once redirected).
   */
  void failWriter(int code, String message) throws IOException {
    Sink target;
    lock.lock();
    try {
      if (ended || failure != null) return;
      target = sink;
      if (target == null) {
        failure = new ChannelFailedException(code, message);
        changed.signalAll();
        return;
      }
      ended = true;
    } finally {
      lock.unlock();
    }
    target.fail(code, message);
  }

  /** Fails the reader after the buffered bytes. */
  void fail(Throwable cause) {
    lock.lock();
    try {
      if (ended || failure != null) return;
      failure = cause;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The reader stops reading: buffered and later bytes are dropped, and the writer is told where it can be. */
  void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      dropBuffered();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Runnable hook = onClose;
    if (hook != null) hook.run();
  }

  /** Runs once when the reader closes (to cancel a network stream feeding this queue). */
  void onClose(Runnable hook) {
    this.onClose = hook;
  }

  /** From now on bytes go to {@code target}: buffered ones first, then the end if it was already reached. */
  void redirect(Sink target) throws IOException {
    ChannelFailedException failed = null;
    lock.lock();
    try {
      // Flushing under the lock keeps order against concurrent appends, which wait for it.
      for (byte[] chunk; (chunk = chunks.poll()) != null; ) {
        int off = headOffset;
        headOffset = 0;
        target.write(chunk, off, chunk.length - off);
      }
      sink = target;
      if (failure instanceof ChannelFailedException) {
        ended = true;
        failed = (ChannelFailedException) failure;
      } else if (!ended) {
        return;
      }
    } finally {
      lock.unlock();
    }
    if (failed != null) target.fail(failed.code(), failed.getMessage());
    else target.end();
  }

  InputStream input() {
    return input;
  }

  /** Told how many bytes the reader took, outside any lock (to return credit to the writer). */
  void onConsumed(java.util.function.LongConsumer hook) {
    this.onConsumed = hook;
  }

  private void dropBuffered() {
    long dropped = 0;
    for (byte[] chunk : chunks) dropped += chunk.length;
    dropped -= headOffset;
    chunks.clear();
    headOffset = 0;
    if (account != null) account.release(dropped);
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = take(b, off, len);
      java.util.function.LongConsumer hook = onConsumed;
      if (n > 0 && hook != null) hook.accept(n);
      return n;
    }

    private int take(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      FlushScope.beforeBlocking();
      lock.lock();
      try {
        while (chunks.isEmpty() && !ended && failure == null && !closed) {
          try {
            changed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a byte stream");
          }
        }
        byte[] head = chunks.peek();
        if (head == null) {
          if (closed || ended) return -1;
          throw new IOException("byte stream failed: " + failure.getMessage(), failure);
        }
        int n = Math.min(len, head.length - headOffset);
        System.arraycopy(head, headOffset, b, off, n);
        headOffset += n;
        if (headOffset == head.length) {
          chunks.poll();
          headOffset = 0;
        }
        if (account != null) account.release(n);
        return n;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int available() {
      lock.lock();
      try {
        byte[] head = chunks.peek();
        return head == null ? 0 : head.length - headOffset;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      ByteQueue.this.close();
    }
  }
}
