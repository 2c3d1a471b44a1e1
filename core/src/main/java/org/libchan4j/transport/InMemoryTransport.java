package org.libchan4j.transport;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two transports connected in memory, like libchan's in-memory transport: for tests, and for one process that wants
 * channel semantics between its parts. Each side delivers inbound messages on its own daemon thread, which ends after
 * the close event; a message sent by one side is delivered to the other in order, never on the sender's thread.
 */
public final class InMemoryTransport implements Transport {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private static final class Close {
    final int code;
    final String reason;

    Close(int code, String reason) {
      this.code = code;
      this.reason = reason;
    }
  }

  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final String name;
  private InMemoryTransport peer;
  private volatile boolean closed;
  private boolean started;

  private InMemoryTransport(String name) {
    this.name = name;
  }

  /** Creates a connected pair: element 0 is conventionally the client, element 1 the server. */
  public static InMemoryTransport[] pair() {
    int n = COUNTER.incrementAndGet();
    InMemoryTransport a = new InMemoryTransport("libchan4j-memory-" + n + "-a");
    InMemoryTransport b = new InMemoryTransport("libchan4j-memory-" + n + "-b");
    a.peer = b;
    b.peer = a;
    return new InMemoryTransport[] {a, b};
  }

  @Override
  public synchronized void start(TransportListener listener) {
    if (started) throw new IllegalStateException("already started");
    started = true;
    Thread t = new Thread(() -> deliver(listener), name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void send(byte[] message) {
    if (closed || peer.closed) return;
    peer.inbox.add(message);
  }

  @Override
  public void close(int code, String reason) {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    Close close = new Close(code, reason == null ? "" : reason);
    inbox.add(close);
    synchronized (peer) {
      if (!peer.closed) {
        peer.closed = true;
        peer.inbox.add(close);
      }
    }
  }

  private void deliver(TransportListener listener) {
    try {
      while (true) {
        Object item = inbox.take();
        if (item instanceof Close) {
          Close close = (Close) item;
          listener.onClosed(close.code, close.reason, null);
          return;
        }
        listener.onMessage((byte[]) item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.onClosed(1006, "delivery thread interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
