package org.libchan4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;

/**
 * Wraps a factory's observers: each call goes to the wrapped one, then wakes {@link #await}. Counts trail the
 * events that cause them (they are reported after the session's lock), so tests wait on these wake-ups, not time.
 */
final class Notifying implements SessionObserver.Factory {
  private final SessionObserver.Factory delegate;

  Notifying(SessionObserver.Factory delegate) {
    this.delegate = delegate;
  }

  @Override
  public SessionObserver create(Session.Role role, SessionOptions.Mode mode) {
    SessionObserver d = delegate.create(role, mode);
    return new SessionObserver() {
      @Override public void opened(Session s) { d.opened(s); changed(); }

      @Override public void suspended(String why) { d.suspended(why); changed(); }

      @Override public void resumed() { d.resumed(); changed(); }

      @Override public void closed(int code, String reason) { d.closed(code, reason); changed(); }

      @Override public void channelsOpened(long n) { d.channelsOpened(n); changed(); }

      @Override public void channelsClosed(long n) { d.channelsClosed(n); changed(); }

      @Override public void messagesReceived(long n) { d.messagesReceived(n); changed(); }

      @Override public void messagesSent(long n) { d.messagesSent(n); changed(); }

      @Override public void bytesReceived(long n) { d.bytesReceived(n); changed(); }

      @Override public void bytesSent(long n) { d.bytesSent(n); changed(); }
    };
  }

  private synchronized void changed() {
    notifyAll();
  }

  /** Waits up to 20 s, woken by each observer call, until {@code actual} gives {@code expected}; asserts it. */
  synchronized void await(String what, Object expected, Supplier<Object> actual) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long left;
    while (!expected.equals(actual.get()) && (left = deadline - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    assertEquals(expected, actual.get(), what);
  }
}
