package org.libchan4j.internal.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.ChannelClosedException;

/**
 * Internal: the buffer behind every receiver, with Go channel semantics for local senders. Items are delivered in
 * order, each to exactly one taker; then the end, or a failure. A local {@link #send} completes when at most
 * {@code capacity} of the items queued up to and including it are still untaken (capacity 0: when it was taken).
 * {@link #offer} (network deliveries) never waits.
 *
 * <p>Completions of futures are returned as {@link Runnable}s or run after the monitor is released, so no
 * application continuation ever runs while a lock is held.
 */
final class MessageQueue {

  /** An item whose value is computed when it is taken (message binding happens on the taker's thread). */
  interface Lazy {
    Object resolve();

    /** Called when the item is taken or discarded, exactly once. */
    default void release() {}
  }

  private static final class PendingSend {
    final long seq;
    final CompletableFuture<Void> future;

    PendingSend(long seq, CompletableFuture<Void> future) {
      this.seq = seq;
      this.future = future;
    }
  }

  private final long capacity;
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<Object>> takers = new ArrayDeque<>();
  private final ArrayDeque<PendingSend> senders = new ArrayDeque<>();
  private long queued;
  private long taken;
  private boolean ended;
  private boolean closed;
  private RuntimeException failure;
  /** The writing side's view: completes when nothing more can be sent (see {@code Sender.closeFuture()}). */
  final CompletableFuture<Void> senderDone = new CompletableFuture<>();
  /**
   * Completes once there is nothing left to take and nothing more can come: the queue ended, failed or was closed
   * and every item before that was taken or dropped. Lets a reader see the end without taking a message.
   */
  final CompletableFuture<Void> exhausted = new CompletableFuture<>();
  /** Runs once when the receiver closes the queue (to cancel a network channel feeding it). */
  private volatile Runnable onClose;

  /** @param capacity Go-style capacity for local senders; {@code Long.MAX_VALUE} for unbounded */
  MessageQueue(long capacity) {
    this.capacity = capacity;
  }

  /** Queues an item without waiting; returns a completion to run once no lock is held, or null. */
  Runnable offer(Object item) {
    CompletableFuture<Object> taker;
    synchronized (this) {
      if (ended || closed || failure != null) {
        if (item instanceof Lazy) ((Lazy) item).release();
        return null;
      }
      queued++;
      taker = takers.poll();
      if (taker == null) {
        items.add(item);
        notifyAll();
        return null;
      }
      taken++;
    }
    return () -> completeTaker(taker, item);
  }

  /** Queues an item from a local sender; the future completes when the capacity allows (see class doc). */
  CompletableFuture<Void> send(Object item) {
    CompletableFuture<Void> done = new PendingSendFuture();
    CompletableFuture<Object> taker;
    synchronized (this) {
      if (ended) {
        done.completeExceptionally(new ChannelClosedException("channel is already closed"));
        return done;
      }
      if (failure != null) {
        done.completeExceptionally(failure);
        return done;
      }
      if (closed) {
        done.completeExceptionally(new ChannelClosedException("the receiver closed the channel"));
        return done;
      }
      long seq = ++queued;
      taker = takers.poll();
      if (taker != null) {
        taken++;
      } else {
        items.add(item);
        notifyAll();
      }
      if (seq - taken > capacity) senders.add(new PendingSend(seq, done));
      else done.complete(null);
    }
    if (taker != null) completeTaker(taker, item);
    return done;
  }

  /** Ends the queue after the items already in it. Returns completions to run, or null. */
  Runnable end() {
    List<CompletableFuture<Object>> waiting;
    boolean empty;
    synchronized (this) {
      if (ended || failure != null) return null;
      ended = true;
      notifyAll();
      waiting = new ArrayList<>(takers);
      takers.clear();
      empty = items.isEmpty();
    }
    return () -> {
      senderDone.complete(null);
      waiting.forEach(f -> f.complete(null));
      if (empty) exhausted.complete(null);
    };
  }

  /** Fails the queue: takers after the buffered items, and waiting senders, get {@code cause}. */
  Runnable fail(RuntimeException cause) {
    List<CompletableFuture<?>> waiting = new ArrayList<>();
    boolean empty;
    synchronized (this) {
      if (ended || failure != null) return null;
      failure = cause;
      notifyAll();
      waiting.addAll(takers);
      takers.clear();
      for (PendingSend s : senders) waiting.add(s.future);
      senders.clear();
      empty = items.isEmpty();
    }
    return () -> {
      senderDone.completeExceptionally(cause);
      waiting.forEach(f -> f.completeExceptionally(cause));
      if (empty) exhausted.complete(null);
    };
  }

  /** Sets what runs when the receiver closes the queue. */
  void onClose(Runnable hook) {
    this.onClose = hook;
  }

  /** The receiver stops reading: buffered items are dropped, takers get the end, senders are released. */
  void close() {
    List<CompletableFuture<?>> waiting = new ArrayList<>();
    List<Object> dropped;
    synchronized (this) {
      if (closed) return;
      closed = true;
      notifyAll();
      dropped = new ArrayList<>(items);
      items.clear();
      waiting.addAll(takers);
      takers.clear();
      for (PendingSend s : senders) waiting.add(s.future);
      senders.clear();
    }
    for (Object item : dropped) {
      if (item instanceof Lazy) ((Lazy) item).release();
    }
    ChannelClosedException cancelled = new ChannelClosedException("the receiver closed the channel");
    for (CompletableFuture<?> f : waiting) {
      if (f instanceof PendingSendFuture) f.completeExceptionally(cancelled);
      else f.complete(null);
    }
    senderDone.completeExceptionally(cancelled);
    exhausted.complete(null);
    Runnable hook = onClose;
    if (hook != null) hook.run();
  }

  /** A local sender's future, told apart from takers' when the queue closes. */
  static final class PendingSendFuture extends CompletableFuture<Void> {}

  /** Waits for the next item; null at the end; throws the failure. */
  Object take() throws InterruptedException {
    FlushScope.beforeBlocking();
    Object item;
    List<PendingSend> released;
    boolean last;
    synchronized (this) {
      while (items.isEmpty() && !ended && !closed && failure == null) wait();
      item = items.poll();
      if (item == null) {
        if (failure != null && !closed) throw failure;
        return null;
      }
      taken++;
      released = releasedSenders();
      last = lastTaken();
    }
    completeSenders(released);
    if (last) exhausted.complete(null);
    return resolve(item);
  }

  /** The next item, or null at the end. */
  CompletableFuture<Object> takeAsync() {
    Object item;
    List<PendingSend> released;
    boolean last;
    synchronized (this) {
      item = items.poll();
      if (item == null) {
        if (closed || ended) return CompletableFuture.completedFuture(null);
        if (failure != null) return CompletableFuture.failedFuture(failure);
        CompletableFuture<Object> f = new CompletableFuture<>();
        takers.add(f);
        return f;
      }
      taken++;
      released = releasedSenders();
      last = lastTaken();
    }
    completeSenders(released);
    if (last) exhausted.complete(null);
    try {
      return CompletableFuture.completedFuture(resolve(item));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  long capacity() {
    return capacity;
  }

  synchronized int size() {
    return items.size();
  }

  private void completeTaker(CompletableFuture<Object> taker, Object item) {
    List<PendingSend> released;
    synchronized (this) {
      released = releasedSenders();
    }
    completeSenders(released);
    try {
      taker.complete(resolve(item));
    } catch (RuntimeException e) {
      taker.completeExceptionally(e);
    }
  }

  /** Under the lock, after a take: whether that was the last item before the end or failure. */
  private boolean lastTaken() {
    return items.isEmpty() && (ended || failure != null);
  }

  private List<PendingSend> releasedSenders() {
    List<PendingSend> released = null;
    while (!senders.isEmpty() && senders.peek().seq - taken <= capacity) {
      if (released == null) released = new ArrayList<>();
      released.add(senders.poll());
    }
    return released;
  }

  private static void completeSenders(List<PendingSend> released) {
    if (released != null) released.forEach(s -> s.future.complete(null));
  }

  private static Object resolve(Object item) {
    if (!(item instanceof Lazy)) return item;
    Lazy lazy = (Lazy) item;
    try {
      return lazy.resolve();
    } finally {
      lazy.release();
    }
  }
}
