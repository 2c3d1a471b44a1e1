package org.libchan4j.internal.session;

import java.util.List;

/**
 * Internal: what a receive or send case waits on: a {@link MessageQueue} (pipes, session receivers, accept) or a
 * session channel this side writes. {@link Choice} locks every port of a select in {@link #lockOrder} order, asks
 * each whether its case can proceed now, and otherwise leaves a {@link Waiter} with each.
 */
interface Port {
  /** Session locks sort before queue monitors (the network thread takes a session lock, then a queue's). */
  long lockOrder();

  /** The monitor guarding this port. */
  Object monitor();

  /** The session whose lock {@link #monitor} is, or null for a queue's own monitor. */
  SessionImpl lockedSession();

  /**
   * Under {@link #monitor}: if {@code w} can proceed now, claims its ticket (which only the caller can reach),
   * commits the operation and adds to {@code out} what to run once no lock is held; false if it has to wait.
   */
  boolean tryNow(Waiter w, List<Runnable> out);

  /** Under {@link #monitor}: {@code w} waits here. */
  void enqueue(Waiter w);

  /** Takes {@link #monitor}: forgets {@code w} (its ticket proceeded elsewhere or was abandoned). */
  void remove(Waiter w);
}
