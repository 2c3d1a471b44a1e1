package org.libchan4j.internal.topic;

import java.util.Arrays;
import org.libchan4j.Sender;
import org.libchan4j.Topic;

/**
 * Internal: a topic's subscribers and its one publish order. A publish queues the message for every subscriber
 * under the topic's lock, which guards memory only (no sender is called under it), so every subscriber sees the
 * publishes in the order they took the lock; it then hands the message on to each of them ({@link Subscriber#drain}).
 */
public final class Fanout {
  private static final Subscriber[] NONE = {};

  private final int maxQueued;
  private final Topic.Overflow overflow;
  private final Object lock = new Object();
  /**
   * The subscribers in {@code [0, count)}, in no particular order: a join appends, a leave moves the last one into
   * its slot ({@link Subscriber#slot}), so neither copies the room (a 10,000-member room joining one by one used to
   * copy 200 million references). Guarded by {@link #lock}, as the fields below.
   */
  private Subscriber[] members = new Subscriber[4];
  private int count;
  /** An exact copy of the members for publishes to drain outside the lock; null once membership changed. */
  private Subscriber[] snapshot = NONE;
  private volatile int size;
  private boolean closed;

  public Fanout(int maxQueued, Topic.Overflow overflow) {
    this.maxQueued = maxQueued;
    this.overflow = overflow;
  }

  /** @throws IllegalStateException once closed */
  public Topic.Subscription subscribe(Sender<?> sender) {
    Subscriber s = new Subscriber(this, sender, maxQueued, overflow);
    synchronized (lock) {
      checkOpen();
      if (count == members.length) members = Arrays.copyOf(members, count * 2);
      s.slot = count;
      members[count++] = s;
      changed();
    }
    s.watch();
    return s;
  }

  /** Returns how many subscribers {@code p} was queued for. @throws IllegalStateException once closed */
  public int publish(Published p) {
    Subscriber[] to;
    int queued = 0;
    synchronized (lock) {
      checkOpen();
      to = snapshot != null ? snapshot : (snapshot = Arrays.copyOf(members, count));
      for (Subscriber s : to) {
        if (s.offer(p)) queued++;
      }
    }
    for (Subscriber s : to) s.drain();
    return queued;
  }

  public int size() {
    return size;
  }

  /** Unsubscribes everyone; later calls of {@link #subscribe} and {@link #publish} throw. Idempotent. */
  public void close() {
    Subscriber[] was;
    synchronized (lock) {
      closed = true;
      was = Arrays.copyOf(members, count);
      Arrays.fill(members, 0, count, null);
      count = 0;
      changed();
    }
    for (Subscriber s : was) s.close();
  }

  void remove(Subscriber s) {
    synchronized (lock) {
      int i = s.slot;
      if (i < 0 || i >= count || members[i] != s) return; // already gone
      Subscriber last = members[--count];
      members[i] = last;
      last.slot = i;
      members[count] = null;
      s.slot = -1;
      changed();
    }
  }

  private void changed() {
    snapshot = null;
    size = count;
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the topic is closed");
  }
}
