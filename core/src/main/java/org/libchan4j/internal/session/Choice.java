package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internal: the pass of a select, and of every plain receive, send and accept (a select of one case), in the manner
 * of Go's {@code selectgo}: with the monitors of all its ports held (in one global order, so two passes cannot
 * deadlock), the cases are tried in a random order (fairness under contention) and the first that can proceed does;
 * otherwise every case leaves a {@link Waiter}, and the first counterpart to claim the ticket later wins. Because
 * the ticket becomes visible to others only when the pass releases the monitors, the pass's own claim cannot fail.
 * What the pass commits runs after every monitor is released: session flushes and completions, then hand-offs.
 */
final class Choice {
  private static final AtomicLong ORDER = new AtomicLong();
  private static final long QUEUES = 1L << 62;

  private Choice() {}

  /** A lock order for a session's lock. */
  static long sessionOrder() {
    return ORDER.incrementAndGet();
  }

  /** A lock order for a queue's monitor: after every session's. */
  static long queueOrder() {
    return QUEUES + ORDER.incrementAndGet();
  }

  /** Claims the ticket of a case the calling pass owns (see the class doc). */
  static void claimOwn(Waiter w) {
    if (!w.ticket.claim()) throw new IllegalStateException("a ticket in its own pass was claimed by another party");
  }

  /**
   * Runs the pass. Returns true if a case proceeded; false if none could, and then the cases wait, unless
   * {@code mayWait} is false (a select with a default case).
   */
  static boolean run(Ticket<?> ticket, Waiter[] cases, boolean mayWait) {
    List<Runnable> out = new ArrayList<>(2);
    boolean proceeded;
    if (cases.length == 1 && cases[0].port.lockedSession() == null) {
      Waiter w = cases[0];
      synchronized (w.port.monitor()) {
        proceeded = decide(ticket, cases, mayWait, out);
      }
    } else {
      Port[] ports = ports(cases);
      List<Runnable> sessions = new ArrayList<>(1);
      boolean[] result = new boolean[1];
      lockAll(ports, 0, () -> {
        result[0] = decide(ticket, cases, mayWait, out);
        for (Port p : ports) {
          SessionImpl s = p.lockedSession();
          if (s != null) sessions.add(s.collectAfterLock());
        }
      });
      proceeded = result[0];
      for (Runnable r : sessions) r.run();
    }
    for (Runnable r : out) r.run();
    return proceeded;
  }

  private static boolean decide(Ticket<?> ticket, Waiter[] cases, boolean mayWait, List<Runnable> out) {
    int n = cases.length;
    if (n == 1) {
      if (cases[0].port.tryNow(cases[0], out)) return true;
    } else {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i : order) {
        if (cases[i].port.tryNow(cases[i], out)) return true;
      }
    }
    if (mayWait) {
      ticket.waiters = cases;
      for (Waiter w : cases) w.port.enqueue(w);
    }
    return false;
  }

  /** The distinct ports of {@code cases}, in lock order. */
  private static Port[] ports(Waiter[] cases) {
    List<Port> ports = new ArrayList<>(cases.length);
    for (Waiter w : cases) {
      if (!ports.contains(w.port)) ports.add(w.port);
    }
    Port[] sorted = ports.toArray(new Port[0]);
    Arrays.sort(sorted, Comparator.comparingLong(Port::lockOrder));
    // Several ports may share one monitor (a session's channels): lock each monitor once.
    List<Port> distinct = new ArrayList<>(sorted.length);
    for (Port p : sorted) {
      boolean seen = false;
      for (Port q : distinct) seen |= q.monitor() == p.monitor();
      if (!seen) distinct.add(p);
    }
    return distinct.toArray(new Port[0]);
  }

  private static void lockAll(Port[] ports, int i, Runnable body) {
    if (i == ports.length) {
      body.run();
      return;
    }
    synchronized (ports[i].monitor()) {
      lockAll(ports, i + 1, body);
    }
  }
}
