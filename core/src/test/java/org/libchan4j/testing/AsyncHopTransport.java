package org.libchan4j.testing;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * A transport wrapper that delivers events in order but on a random thread: each message or close either runs on
 * the transport's own thread or hops to {@code executor} (as rsocket's tests insert a random asynchronous
 * boundary), so races between the application's threads and deliveries show up in any contract test.
 */
public final class AsyncHopTransport implements Transport {
  private final Transport inner;
  private final ExecutorService executor;
  /** Events waiting to be delivered, in order; a delivery in progress drains them. */
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private boolean draining;

  public AsyncHopTransport(Transport inner, ExecutorService executor) {
    this.inner = inner;
    this.executor = executor;
  }

  @Override
  public void start(TransportListener listener) {
    inner.start(new TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        deliver(() -> listener.onMessage(message));
      }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        deliver(() -> listener.onClosed(code, reason, cause));
      }

      @Override
      public void onWritable() {
        deliver(listener::onWritable);
      }
    });
  }

  private void deliver(Runnable event) {
    boolean hop = ThreadLocalRandom.current().nextBoolean();
    synchronized (this) {
      pending.add(event);
      if (draining) return;
      draining = true;
    }
    if (hop) executor.execute(this::drain);
    else drain();
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = pending.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      next.run();
    }
  }

  @Override
  public void send(byte[] frame) {
    inner.send(frame);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void scheduleFlush() {
    inner.scheduleFlush();
  }

  @Override
  public boolean isWritable() {
    return inner.isWritable();
  }

  @Override
  public void close(int code, String reason) {
    inner.close(code, reason);
  }

  @Override
  public void abort(int code, String reason) {
    inner.abort(code, reason);
  }
}
