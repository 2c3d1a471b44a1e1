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
  /** Copy-on-write under {@link #lock}. */
  private volatile Subscriber[] subscribers = NONE;
  private boolean closed; // guarded by lock

  public Fanout(int maxQueued, Topic.Overflow overflow) {
    this.maxQueued = maxQueued;
    this.overflow = overflow;
  }

  /** @throws IllegalStateException once closed */
  public Topic.Subscription subscribe(Sender<?> sender) {
    Subscriber s = new Subscriber(this, sender, maxQueued, overflow);
    synchronized (lock) {
      checkOpen();
      Subscriber[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
      grown[grown.length - 1] = s;
      subscribers = grown;
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
      to = subscribers;
      for (Subscriber s : to) {
        if (s.offer(p)) queued++;
      }
    }
    for (Subscriber s : to) s.drain();
    return queued;
  }

  public int size() {
    return subscribers.length;
  }

  /** Unsubscribes everyone; later calls of {@link #subscribe} and {@link #publish} throw. Idempotent. */
  public void close() {
    Subscriber[] was;
    synchronized (lock) {
      closed = true;
      was = subscribers;
      subscribers = NONE;
    }
    for (Subscriber s : was) s.close();
  }

  void remove(Subscriber s) {
    synchronized (lock) {
      Subscriber[] now = subscribers;
      for (int i = 0; i < now.length; i++) {
        if (now[i] != s) continue;
        Subscriber[] shrunk = new Subscriber[now.length - 1];
        System.arraycopy(now, 0, shrunk, 0, i);
        System.arraycopy(now, i + 1, shrunk, i, now.length - i - 1);
        subscribers = shrunk;
        return;
      }
    }
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the topic is closed");
  }
}
