package org.libchan4j.micrometer.internal;

import org.libchan4j.Session;
import org.libchan4j.SessionObserver;

/** Internal: one session's observer: adds what it is told to its role's counts (lock-free, no allocation). */
final class MeteredSession implements SessionObserver {
  private final RoleMeters m;

  MeteredSession(RoleMeters meters) {
    this.m = meters;
  }

  @Override public void opened(Session session) { m.sessionsOpened.increment(); }

  @Override public void suspended(String why) { m.suspended.increment(); }

  @Override public void resumed() { m.resumed.increment(); }

  @Override public void closed(int code, String reason) { m.closed(code); }

  @Override public void channelsOpened(long n) { m.channelsOpened.add(n); }

  @Override public void channelsClosed(long n) { m.channelsClosed.add(n); }

  @Override public void messagesReceived(long n) { m.messagesIn.add(n); }

  @Override public void messagesSent(long n) { m.messagesOut.add(n); }

  @Override public void bytesReceived(long n) { m.bytesIn.add(n); }

  @Override public void bytesSent(long n) { m.bytesOut.add(n); }
}
