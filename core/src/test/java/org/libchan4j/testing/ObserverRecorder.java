package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;

/**
 * A {@link SessionObserver.Factory} whose observers record what they are told: lifecycle calls as lines
 * ({@code opened}, {@code suspended}, {@code resumed}, {@code closed CODE REASON}), traffic as totals. It checks
 * the contract as it goes (no call under the session's lock, {@code opened} first, no lifecycle call after
 * {@code closed}); {@link Observed#assertClean} proves nothing was left unread or broken.
 */
public final class ObserverRecorder implements SessionObserver.Factory {
  private final LinkedBlockingQueue<Observed> created = new LinkedBlockingQueue<>();

  @Override
  public SessionObserver create(Session.Role role, SessionOptions.Mode mode) {
    Observed o = new Observed(role, mode);
    created.add(o);
    return o;
  }

  /** The observer of the next session opened, waiting up to 20 s for it. */
  public Observed next() throws InterruptedException {
    Observed o = created.poll(20, TimeUnit.SECONDS);
    assertNotNull(o, "no session observed within 20 s");
    return o;
  }

  /** One session's observer. */
  public static final class Observed implements SessionObserver {
    public final Session.Role role;
    public final SessionOptions.Mode mode;
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile SessionImpl session;
    private volatile boolean closed;
    // Totals, guarded by this.
    private long channelsOpened;
    private long channelsClosed;
    private long messagesIn;
    private long messagesOut;
    private long bytesIn;
    private long bytesOut;

    Observed(Session.Role role, SessionOptions.Mode mode) {
      this.role = role;
      this.mode = mode;
    }

    @Override
    public void opened(Session s) {
      if (s instanceof SessionImpl) session = (SessionImpl) s;
      if (!events.isEmpty()) violations.add("opened after " + events);
      lifecycle("opened");
    }

    @Override public void suspended(String why) { lifecycle("suspended"); }

    @Override public void resumed() { lifecycle("resumed"); }

    @Override
    public void closed(int code, String reason) {
      lifecycle("closed " + code + " " + reason);
      closed = true;
    }

    @Override public void channelsOpened(long n) { add(n, 0); }

    @Override public void channelsClosed(long n) { add(n, 1); }

    @Override public void messagesReceived(long n) { add(n, 2); }

    @Override public void messagesSent(long n) { add(n, 3); }

    @Override public void bytesReceived(long n) { add(n, 4); }

    @Override public void bytesSent(long n) { add(n, 5); }

    private void lifecycle(String event) {
      checkLock(event);
      if (closed) violations.add(event + " after closed");
      events.add(event);
    }

    private synchronized void add(long n, int kind) {
      checkLock("count " + kind);
      if (n <= 0) violations.add("count " + kind + " of " + n);
      switch (kind) {
        case 0: channelsOpened += n; break;
        case 1: channelsClosed += n; break;
        case 2: messagesIn += n; break;
        case 3: messagesOut += n; break;
        case 4: bytesIn += n; break;
        default: bytesOut += n; break;
      }
      notifyAll();
    }

    private void checkLock(String what) {
      SessionImpl s = session;
      if (s != null && s.holdsLock()) violations.add(what + " under the session lock");
    }

    /** Channels opened and closed, messages received and sent: {@code "channels 3/3 messages 2/2"}. */
    public synchronized String totals() {
      return "channels " + channelsOpened + "/" + channelsClosed + " messages " + messagesIn + "/" + messagesOut;
    }

    public synchronized long bytesIn() { return bytesIn; }

    public synchronized long bytesOut() { return bytesOut; }

    /**
     * Waits up to 20 s until {@link #totals} is {@code expected} (counts may trail the calls that caused them:
     * each report wakes this), then asserts it.
     */
    public synchronized void awaitTotals(String expected) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long left;
      while (!totals().equals(expected) && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      assertEquals(expected, totals(), role + " session's traffic");
    }

    /** Waits up to 20 s until the byte totals are {@code in} and {@code out}, then asserts them. */
    public synchronized void awaitBytes(long in, long out) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long left;
      while ((bytesIn != in || bytesOut != out) && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      assertEquals(in + "/" + out, bytesIn + "/" + bytesOut, role + " session's bytes in/out");
    }

    /** The next lifecycle call, waiting up to 20 s for it. */
    public String next() throws InterruptedException {
      String e = events.poll(20, TimeUnit.SECONDS);
      assertNotNull(e, "no observer call within 20 s");
      return e;
    }

    /** Asserts that the next lifecycle calls are {@code expected}, in order. */
    public void expect(String... expected) throws InterruptedException {
      for (String e : expected) assertEquals(e, next(), role + " session's observer");
    }

    /** Every lifecycle call was read and every call kept the contract. */
    public void assertClean() {
      assertEquals(List.of(), violations, "observer contract");
      assertEquals(List.of(), List.copyOf(events), "calls left unread");
    }
  }
}
