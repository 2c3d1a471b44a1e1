package org.libchan4j.internal.session;

import java.util.LinkedHashSet;

/**
 * Internal: a session's senders with blocked sends. Room appears only when frames arrive (credit, the peer's
 * acknowledgements, its hello) or the session resumes; then each watched sender serves its waiters in order.
 * Guarded by the session's lock.
 */
final class SendRoom {
  private final LinkedHashSet<RemoteSender<?>> watched = new LinkedHashSet<>();

  /** How many senders have sends waiting for room. */
  int size() {
    return watched.size();
  }

  /** The session ended: its senders failed their waiters already. */
  void clear() {
    watched.clear();
  }

  void watch(RemoteSender<?> sender) {
    watched.add(sender);
  }

  /** Under the lock, after the engine took in frames or resumed: blocked sends proceed while there is room. */
  void serve() {
    if (watched.isEmpty()) return;
    for (RemoteSender<?> sender : watched.toArray(new RemoteSender<?>[0])) {
      if (!sender.serve()) watched.remove(sender);
    }
  }
}
