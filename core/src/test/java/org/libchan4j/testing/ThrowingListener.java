package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;

/** A buggy application's listener: it notes each call ({@code connected}, ..., {@code closed CODE}), then throws. */
public final class ThrowingListener implements SessionListener {
  private final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

  @Override public void onConnected(Session s) { fail("connected"); }

  @Override public void onSuspended(Session s, String why) { fail("suspended"); }

  @Override public void onResumed(Session s) { fail("resumed"); }

  @Override public void onClosed(Session s, int code, String reason) { fail("closed " + code); }

  private void fail(String event) {
    seen.add(event);
    throw new IllegalStateException("listener bug at " + event);
  }

  /** The next call, waiting up to 20 s for it. */
  public String next() throws InterruptedException {
    String e = seen.poll(20, TimeUnit.SECONDS);
    assertNotNull(e, "no listener call within 20 s");
    return e;
  }
}
