package org.libchan4j.bench.chan;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * A prototype of the write path proposed for core, measured as its own system (libchan4j-coalescing): {@link #send}
 * only queues, so the session's lock is never held across a socket write; one writer task per connection drains the
 * queue and writes every frame queued meanwhile (up to {@link #MAX_BATCH} bytes) as ONE WebSocket message. Frames
 * stay whole and in order, so the peer's decoder (libchan4j's engine, jschan's stream decoder) reads them one after
 * the other. Wraps the library's transport unchanged; the cost is a thread handoff when the writer was idle.
 *
 * <p>Backpressure, as a prototype: the writer waits while the inner transport has more than {@link #INNER_HIGH} bytes
 * queued (the socket is full: batches then grow), and {@link #send} waits while more than {@link #QUEUE_HIGH} bytes
 * wait here. Waiting in send is only safe here because the benchmark's traffic is one-directional; the library
 * would have to wait before taking the session lock (see the proposals in BENCHMARKS.md).
 */
final class CoalescingTransport implements Transport {
  static final int MAX_BATCH = 64 * 1024;
  static final long INNER_HIGH = 4 * MAX_BATCH;
  static final long QUEUE_HIGH = 8 << 20;
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-coalescing-writer");
    t.setDaemon(true);
    return t;
  });

  private final Transport inner;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean writing;
  private boolean closeRequested;
  private int closeCode;
  private String closeReason;

  CoalescingTransport(Transport inner) {
    this.inner = inner;
  }

  @Override
  public void start(TransportListener listener) {
    inner.start(listener);
  }

  @Override
  public void send(byte[] message) {
    synchronized (queue) {
      while (queuedBytes > QUEUE_HIGH && !closeRequested) {
        try {
          queue.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (closeRequested) return;
      queue.add(message);
      queuedBytes += message.length;
      if (writing) return;
      writing = true;
    }
    WRITERS.execute(this::drain);
  }

  @Override
  public void close(int code, String reason) {
    synchronized (queue) {
      if (closeRequested) return;
      closeRequested = true;
      closeCode = code;
      closeReason = reason;
      if (writing) return; // the writer closes after the last batch
    }
    inner.close(code, reason);
  }

  private void drain() {
    while (true) {
      byte[] batch;
      synchronized (queue) {
        batch = take();
        if (batch == null) {
          writing = false;
          if (!closeRequested) return;
        }
      }
      if (batch == null) {
        inner.close(closeCode, closeReason);
        return;
      }
      inner.send(batch);
      if (inner instanceof WebSocketTransport) {
        WebSocketTransport ws = (WebSocketTransport) inner;
        while (ws.queuedBytes() > INNER_HIGH && !ws.isClosed()) LockSupport.parkNanos(50_000);
      }
    }
  }

  /** The next frame, or all frames queued up to MAX_BATCH bytes concatenated; null when empty. */
  private byte[] take() {
    byte[] first = queue.poll();
    if (first == null) return null;
    queuedBytes -= first.length;
    queue.notifyAll();
    if (queue.isEmpty() || first.length >= MAX_BATCH) return first;
    int total = first.length;
    int n = 1;
    for (byte[] q : queue) {
      if (total + q.length > MAX_BATCH) break;
      total += q.length;
      n++;
    }
    if (n == 1) return first;
    byte[] merged = new byte[total];
    System.arraycopy(first, 0, merged, 0, first.length);
    int at = first.length;
    for (int i = 1; i < n; i++) {
      byte[] q = queue.poll();
      queuedBytes -= q.length;
      System.arraycopy(q, 0, merged, at, q.length);
      at += q.length;
    }
    return merged;
  }
}
