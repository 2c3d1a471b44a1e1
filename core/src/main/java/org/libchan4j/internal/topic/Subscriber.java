package org.libchan4j.internal.topic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.Sender;
import org.libchan4j.SessionClosedException;
import org.libchan4j.Topic;
import org.libchan4j.internal.session.SharedSend;

/**
 * Internal: one subscription: the messages waiting for its sender (queued here or handed to it, their futures not
 * complete), at most {@code maxQueued} of them, and its overflow policy. Its monitor guards memory only: sends,
 * cancels and the fail go to the sender with no lock held, by one thread at a time (the drainer: a publisher), in
 * queue order. Lock order: the topic's lock, then this; never the other way.
 */
final class Subscriber implements Topic.Subscription {
  /** A message handed to the sender. */
  private static final class Sent {
    final CompletableFuture<Void> future;
    boolean claimed; // guarded by the subscriber: a cancel found it on its way already

    Sent(CompletableFuture<Void> future) {
      this.future = future;
    }
  }

  private final Fanout fanout;
  @SuppressWarnings("rawtypes")
  private final Sender sender;
  private final boolean session;
  private final int maxQueued;
  private final Topic.Overflow overflow;
  private final ArrayDeque<Published> outbox = new ArrayDeque<>(); // guarded by this, as the fields below
  private final ArrayDeque<Sent> sent = new ArrayDeque<>();
  /** Messages queued, being handed over or handed over and not complete. */
  private int waiting;
  private boolean draining;
  /** FAIL: it fell behind; the drainer fails its channel. */
  private boolean behind;
  /** Ended by the topic (close, FAIL): what is still waiting is called back. */
  private boolean callBack;
  private long delivered;
  private long dropped;
  private volatile boolean active = true;
  /** Its index in the topic's members, -1 once removed; guarded by the topic's lock. */
  int slot = -1;

  Subscriber(Fanout fanout, Sender<?> sender, int maxQueued, Topic.Overflow overflow) {
    this.fanout = fanout;
    this.sender = sender;
    this.session = SharedSend.accepts(sender);
    this.maxQueued = maxQueued;
    this.overflow = overflow;
  }

  /** Once subscribed: the end of its channel unsubscribes it (waiting sends are left to the channel). */
  void watch() {
    CompletableFuture<?> end = sender.closeFuture();
    if (end != null) end.whenComplete((v, e) -> stop(false));
  }

  /** Under the topic's lock: queues {@code p}, or applies the overflow policy; true if queued. */
  synchronized boolean offer(Published p) {
    if (!active) return false;
    if (waiting >= maxQueued) {
      if (overflow == Topic.Overflow.DROP_NEWEST) {
        dropped++;
        return false;
      }
      if (overflow == Topic.Overflow.FAIL) {
        dropped++;
        active = false;
        behind = true;
        return false;
      }
      // DROP_OLDEST: queued all the same; the drainer calls the oldest back before sending it
    }
    outbox.add(p);
    waiting++;
    return true;
  }

  /** After the topic's lock: hands what is queued to the sender, unless another thread is doing so. */
  void drain() {
    synchronized (this) {
      if (draining || (!active && !behind)) return;
      draining = true;
    }
    for (;;) {
      Published next = null;
      Sent oldest = null;
      synchronized (this) {
        if (behind) {
          behind = false;
          draining = false;
          break;
        }
        if (waiting > maxQueued && active) {
          oldest = firstUncalled();
          if (oldest == null && !outbox.isEmpty()) { // all on their way: drop the oldest still here
            outbox.poll();
            waiting--;
            dropped++;
            continue;
          }
        }
        if (oldest == null && (!active || (next = outbox.poll()) == null)) {
          draining = false;
          return;
        }
      }
      if (next != null) {
        send(next);
      } else if (!oldest.future.cancel(false)) {
        synchronized (this) {
          oldest.claimed = true;
        }
      }
    }
    stop(true);
    try {
      sender.fail(Topic.FELL_BEHIND, "fell behind: more than " + maxQueued + " messages waited for this channel");
    } catch (RuntimeException e) {
      // its channel or session has ended meanwhile
    }
  }

  /** The oldest message handed over that a cancel may still call back, or null. */
  private Sent firstUncalled() {
    for (Sent s : sent) {
      if (!s.claimed) return s;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private void send(Published p) {
    CompletableFuture<Void> f;
    try {
      f = session ? SharedSend.send(sender, p.wire) : sender.sendAsync(p.message);
      if (f == null) f = CompletableFuture.failedFuture(new NullPointerException(sender + ".sendAsync gave null"));
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    Sent s = new Sent(f);
    boolean late;
    synchronized (this) {
      sent.add(s);
      late = callBack;
    }
    f.whenComplete((v, e) -> done(s, e));
    if (late) f.cancel(false);
  }

  private void done(Sent s, Throwable e) {
    synchronized (this) {
      if (!sent.remove(s)) return;
      waiting--;
      if (e == null) delivered++;
      else dropped++;
    }
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ChannelClosedException || cause instanceof SessionClosedException) stop(false);
  }

  /** Unsubscribes; with {@code callBack} the messages waiting in the channel are called back too. Idempotent. */
  private void stop(boolean callBack) {
    List<Sent> calls = List.of();
    synchronized (this) {
      active = false;
      dropped += outbox.size();
      waiting -= outbox.size();
      outbox.clear();
      if (callBack && !this.callBack) {
        this.callBack = true;
        calls = new ArrayList<>(sent);
      }
    }
    for (Sent s : calls) s.future.cancel(false);
    fanout.remove(this);
  }

  @Override
  public void close() {
    stop(true);
  }

  @Override
  public synchronized long delivered() {
    return delivered;
  }

  @Override
  public synchronized long dropped() {
    return dropped;
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public String toString() {
    return "Subscription(" + sender + ")";
  }
}
