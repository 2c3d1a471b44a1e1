package org.libchan4j.internal.session;

import org.libchan4j.transport.TransportListener;

/**
 * Internal: one connection of a session (one instance per connection; identity is what matters): the session
 * ignores events from a connection that is no longer current.
 */
final class Link implements TransportListener {
  final SessionImpl session;

  Link(SessionImpl session) {
    this.session = session;
  }

  @Override
  public void onMessage(byte[] message) {
    FlushScope.current().run(() -> {
      session.onMessage(this, message);
      return null;
    });
  }

  @Override
  public void onClosed(int code, String reason, Throwable cause) {
    session.onClosed(this, code, reason, cause);
  }

  @Override
  public void onWritable() {
    session.writeGate.drained(this);
  }
}
