package org.libchan4j.testing;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * An in-memory transport whose writes the test holds back: not writable above 1 KiB held. Frames are held from the
 * start until {@link #release}; {@link #hold} holds them again.
 */
public final class GatedTransport implements Transport {
  private final InMemoryTransport inner;
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private long heldBytes;
  private boolean open;
  private volatile TransportListener listener;
  /** The code of an {@link #abort}. */
  public final CompletableFuture<Integer> aborted = new CompletableFuture<>();

  public GatedTransport(InMemoryTransport inner) {
    this.inner = inner;
  }

  @Override public void start(TransportListener l) {
    listener = l;
    inner.start(l);
  }

  @Override public synchronized void send(byte[] frame) {
    held.add(frame);
    heldBytes += frame.length;
  }

  @Override public void flush() {
    synchronized (this) {
      if (!open) return;
      for (byte[] f; (f = held.poll()) != null; ) inner.send(f);
      heldBytes = 0;
    }
  }

  @Override public synchronized boolean isWritable() {
    return heldBytes <= 1024;
  }

  /** From now on writes are held. */
  public synchronized void hold() {
    open = false;
  }

  /** The peer starts reading: everything held goes through, and the session is told. */
  public void release() {
    synchronized (this) {
      open = true;
    }
    flush();
    listener.onWritable();
  }

  @Override public void close(int code, String reason) {
    inner.close(code, reason);
  }

  @Override public void abort(int code, String reason) {
    aborted.complete(code);
    inner.close(code, reason);
  }
}
