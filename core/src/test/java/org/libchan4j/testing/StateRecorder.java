package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.internal.session.SessionImpl;

/**
 * A {@link SessionListener} that records each call as a line ({@code connected}, {@code suspended},
 * {@code resumed}, {@code closed CODE REASON}) and checks the contract as it goes: no call under the session's
 * lock, each on a thread whose name starts with the expected prefix (the executor's, never a transport's), none
 * after {@code closed}. {@link #assertClean} at the end proves nothing was left unread or broken.
 */
public final class StateRecorder implements SessionListener {
  private final String threadPrefix;
  private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  /** The {@code why} of the latest suspension. */
  public volatile String lastWhy;
  private volatile boolean closed;

  /** @param threadPrefix how the names of the threads the calls run on must start */
  public StateRecorder(String threadPrefix) {
    this.threadPrefix = threadPrefix;
  }

  @Override
  public void onConnected(Session session) {
    record(session, "connected");
  }

  @Override
  public void onSuspended(Session session, String why) {
    lastWhy = why;
    record(session, "suspended");
  }

  @Override
  public void onResumed(Session session) {
    record(session, "resumed");
  }

  @Override
  public void onClosed(Session session, int code, String reason) {
    record(session, "closed " + code + " " + reason);
    closed = true;
  }

  private void record(Session session, String event) {
    String thread = Thread.currentThread().getName();
    if (!thread.startsWith(threadPrefix)) violations.add(event + " on thread " + thread);
    if (session instanceof SessionImpl && ((SessionImpl) session).holdsLock()) {
      violations.add(event + " under the session lock");
    }
    if (closed) violations.add(event + " after closed");
    events.add(event);
  }

  /** The next call, waiting up to 20 s for it. */
  public String next() throws InterruptedException {
    String e = events.poll(20, TimeUnit.SECONDS);
    assertNotNull(e, "no listener call within 20 s");
    return e;
  }

  /** Asserts that the next calls are {@code expected}, in order. */
  public void expect(String... expected) throws InterruptedException {
    for (String e : expected) assertEquals(e, next());
  }

  /** Every call was read and kept the contract. */
  public void assertClean() {
    assertEquals(List.of(), violations, "listener contract");
    assertEquals(List.of(), List.copyOf(events), "calls left unread");
  }
}
