package org.libchan4j.bench.fanout;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.libchan4j.Sender;

/**
 * <b>Stand-in for {@code org.libchan4j.Topic}</b>, the fan-out API being built on branch {@code fanout}, with its
 * planned signatures ({@code create}, {@code subscribe}, {@code publish}, {@code Subscription}). Until it is on main
 * this is a plain loop of {@code sendAsync} (each subscriber encodes the message again). To switch: delete this file
 * and import {@code org.libchan4j.Topic} in {@link ChanFanoutServer}, its only user; nothing else changes.
 */
public final class Topic<T> {
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  private Topic() {}

  public static <T> Topic<T> create(Class<T> type) {
    return new Topic<>();
  }

  /** A subscriber; {@link #close} unsubscribes it (a closed or failed sender drops out by itself). */
  public final class Subscription implements AutoCloseable {
    private final Sender<? super T> sender;

    private Subscription(Sender<? super T> sender) {
      this.sender = sender;
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  public Subscription subscribe(Sender<? super T> sender) {
    Subscription s = new Subscription(sender);
    subscriptions.add(s);
    sender.closeFuture().whenComplete((v, e) -> s.close());
    return s;
  }

  /** Sends {@code message} to every subscriber without waiting; returns how many it was sent to. */
  @SuppressWarnings("unchecked")
  public int publish(T message) {
    int n = 0;
    for (Subscription s : subscriptions) {
      ((Sender<T>) s.sender).sendAsync(message).whenComplete((v, e) -> {
        if (e != null) s.close();
      });
      n++;
    }
    return n;
  }
}
