package org.libchan4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * A transport wrapper that checks the session's lock discipline on every call: {@link #flush}, {@link #close},
 * {@link #start} and every event it delivers must run with the owning session's lock released. It also holds every
 * frame {@link #send} queues until the session flushes, so a session that forgot to flush after an operation
 * stalls (and its test fails) instead of passing because the inner transport wrote early.
 */
public final class LockCheckingTransport implements Transport {
  private final Transport inner;
  private final ConcurrentLinkedQueue<byte[]> held = new ConcurrentLinkedQueue<>();
  private final List<String> violations = new ArrayList<>();
  private volatile SessionImpl owner;

  public LockCheckingTransport(Transport inner) {
    this.inner = inner;
  }

  /** What was called with the session's lock held (empty when the discipline held). */
  public synchronized List<String> violations() {
    return new ArrayList<>(violations);
  }

  private void check(String call) {
    SessionImpl s = owner;
    if (s != null && s.holdsLock()) {
      synchronized (this) {
        if (violations.size() < 10) violations.add(call + " under the session lock on " + Thread.currentThread().getName() + " at "
            + new Throwable().getStackTrace()[2]);
      }
    }
  }

  @Override
  public void start(TransportListener listener) {
    owner = SessionImpl.ownerOf(listener);
    check("start");
    inner.start(new TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        check("onMessage");
        listener.onMessage(message);
      }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        check("onClosed");
        listener.onClosed(code, reason, cause);
      }

      @Override
      public void onWritable() {
        check("onWritable");
        listener.onWritable();
      }
    });
  }

  @Override
  public void send(byte[] frame) {
    held.add(frame);
  }

  @Override
  public void flush() {
    check("flush");
    synchronized (held) { // keeps frame order between concurrent flushes
      for (byte[] f; (f = held.poll()) != null; ) inner.send(f);
      inner.flush();
    }
  }

  @Override
  public void scheduleFlush() {
    check("scheduleFlush");
    flush();
  }

  @Override
  public boolean isWritable() {
    return inner.isWritable();
  }

  @Override
  public void close(int code, String reason) {
    check("close");
    flush();
    inner.close(code, reason);
  }
}
