package org.libchan4j.internal.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.ChannelClosedException;

/**
 * Internal: the buffer behind every receiver, with Go channel semantics for local senders, as Go's {@code hchan}:
 * a buffer of at most {@code capacity} items from local senders, a queue of waiting receives and a queue of blocked
 * sends, whose messages are not in the channel until there is room (or, for capacity 0, a receive takes them).
 * Items are delivered in order, each to exactly one taker; then the end, or a failure. {@link #offer} (network
 * deliveries) never waits and is not bounded by the capacity (the session's flow control bounds it).
 *
 * <p>Every hand-off goes to a {@link Waiter} only if it wins its {@link Ticket}'s claim under this queue's monitor,
 * so a cancelled or timed-out receive or send never takes or gives anything. Nothing runs under the monitor but
 * state changes: completions, message binding ({@link Lazy}) and the close hook run once it is released.
 */
final class MessageQueue implements Port {

  /** An item whose value is computed when it is taken (message binding happens on the taker's thread). */
  interface Lazy {
    Object resolve();

    /** Called when the item is taken or discarded, exactly once, with no lock held. */
    default void release() {}
  }

  /** Open; the sender ended it; the sender failed it; the receiver closed it (terminal). */
  private enum State { OPEN, ENDED, FAILED, CLOSED }

  private final long capacity;
  private final long lockOrder = Choice.queueOrder();
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private final ArrayDeque<Waiter> takers = new ArrayDeque<>(2); // small: usually one waiter, if any
  private final ArrayDeque<Waiter> senders = new ArrayDeque<>(2);
  private State state = State.OPEN;
  /** The sender ended the channel while sends were blocked: the end follows them. */
  private boolean endRequested;
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

  // ------------------------------------------------------------------ the writing side

  /** Queues an item without waiting; returns what to run once no lock is held, or null. */
  Runnable offer(Object item) {
    Waiter taker;
    synchronized (this) {
      if (state == State.OPEN && !endRequested) {
        taker = claimFirst(takers);
        if (taker == null) {
          items.add(item);
          return null;
        }
      } else {
        taker = null;
      }
    }
    if (taker == null) return () -> discard(item);
    return taker.proceed(item, null);
  }

  /** A local send: completes once the message is in the channel, or was taken (capacity 0); see {@link Ticket}. */
  CompletableFuture<Void> send(Object item) {
    SendTicket ticket = new SendTicket();
    Choice.run(ticket, new Waiter[] {new Waiter(ticket, this, 0, true, item)}, true);
    return ticket;
  }

  /** Ends the queue after the items already in it and the sends blocked now. Returns what to run, or null. */
  Runnable end() {
    List<Runnable> out = new ArrayList<>();
    synchronized (this) {
      if (state != State.OPEN || endRequested) return null;
      endRequested = true;
      if (senders.isEmpty()) endNow(out);
    }
    return () -> runAll(out);
  }

  /** Fails the queue: takers after the buffered items, and blocked senders, get {@code cause}. */
  Runnable fail(RuntimeException cause) {
    List<Runnable> out = new ArrayList<>();
    synchronized (this) {
      if (state != State.OPEN) return null;
      state = State.FAILED;
      failure = cause;
      drainWaiters(takers, cause, out);
      drainWaiters(senders, cause, out);
      out.add(() -> senderDone.completeExceptionally(cause));
      checkExhausted(out);
    }
    return () -> runAll(out);
  }

  // ------------------------------------------------------------------ the reading side

  /** Sets what runs when the receiver closes the queue. */
  void onClose(Runnable hook) {
    this.onClose = hook;
  }

  /** The receiver stops reading: buffered items are dropped; pending receives and blocked sends fail. */
  void close() {
    List<Runnable> out = new ArrayList<>();
    List<Object> dropped;
    synchronized (this) {
      if (state == State.CLOSED) return;
      state = State.CLOSED;
      dropped = new ArrayList<>(items);
      items.clear();
      drainWaiters(takers, closedHere(), out);
      drainWaiters(senders, new ChannelClosedException("the receiver closed the channel"), out);
    }
    for (Object item : dropped) discard(item);
    runAll(out);
    senderDone.completeExceptionally(new ChannelClosedException("the receiver closed the channel"));
    exhausted.complete(null);
    Runnable hook = onClose;
    if (hook != null) hook.run();
  }

  /** Waits for the next item; null at the end; throws the failure, or {@link ChannelClosedException} after close. */
  Object take() throws InterruptedException {
    Object item;
    List<Runnable> out = null;
    synchronized (this) {
      item = items.poll();
      if (item != null) {
        out = refill(null);
        if (exhaustedNow()) {
          if (out == null) out = new ArrayList<>(1);
          out.add(() -> exhausted.complete(null));
        }
      }
    }
    if (item == null) return Tickets.await(takeAsync());
    if (out != null) runAll(out);
    return resolve(item);
  }

  /** The next item, or null at the end; cancel-safe (see {@link Ticket}). */
  Ticket<Object> takeAsync() {
    TakeTicket ticket = new TakeTicket();
    Choice.run(ticket, new Waiter[] {new Waiter(ticket, this, 0, false, null)}, true);
    return ticket;
  }

  long capacity() {
    return capacity;
  }

  synchronized int size() {
    return items.size();
  }

  // ------------------------------------------------------------------ Port

  @Override
  public long lockOrder() {
    return lockOrder;
  }

  @Override
  public Object monitor() {
    return this;
  }

  @Override
  public SessionImpl lockedSession() {
    return null;
  }

  @Override
  public boolean tryNow(Waiter w, List<Runnable> out) {
    return w.send ? trySend(w, out) : tryTake(w, out);
  }

  @Override
  public void enqueue(Waiter w) {
    (w.send ? senders : takers).add(w);
  }

  @Override
  public void remove(Waiter w) {
    List<Runnable> out = new ArrayList<>(0);
    synchronized (this) {
      if (!(w.send ? senders : takers).remove(w)) return;
      if (w.send && endRequested && senders.isEmpty() && state == State.OPEN) endNow(out);
    }
    runAll(out);
  }

  private boolean tryTake(Waiter w, List<Runnable> out) {
    if (state == State.CLOSED) {
      Choice.claimOwn(w);
      out.add(w.proceed(null, closedHere()));
      return true;
    }
    Object item = items.poll();
    if (item != null) {
      Choice.claimOwn(w);
      out.add(w.proceed(item, null));
      refill(out);
      checkExhausted(out);
      return true;
    }
    Waiter sender = claimFirst(senders);
    if (sender != null) {
      // Capacity 0, or a buffer that was full: the message passes from the blocked send to this receive.
      Choice.claimOwn(w);
      out.add(w.proceed(sender.value, null));
      out.add(sender.proceed(null, null));
      if (endRequested && senders.isEmpty()) endNow(out);
      return true;
    }
    if (state == State.OPEN) return false;
    Choice.claimOwn(w);
    out.add(w.proceed(null, state == State.FAILED ? failure : null));
    return true;
  }

  private boolean trySend(Waiter w, List<Runnable> out) {
    RuntimeException refused = refusal();
    if (refused == null) {
      Waiter taker = claimFirst(takers);
      if (taker != null) {
        out.add(taker.proceed(w.value, null));
      } else if (senders.isEmpty() && items.size() < capacity) {
        items.add(w.value);
      } else {
        return false;
      }
    }
    Choice.claimOwn(w);
    out.add(w.proceed(null, refused));
    return true;
  }

  /** Why a local send cannot proceed, or null. */
  private RuntimeException refusal() {
    if (state == State.CLOSED) return new ChannelClosedException("the receiver closed the channel");
    if (state == State.FAILED) return failure;
    if (state == State.ENDED || endRequested) return new ChannelClosedException("channel is already closed");
    return null;
  }

  /** After a take from the buffer: the first blocked send whose ticket is still open moves into the room. */
  private List<Runnable> refill(List<Runnable> out) {
    if (senders.isEmpty()) return out;
    Waiter sender = claimFirst(senders);
    if (sender == null) return out;
    items.add(sender.value);
    if (out == null) out = new ArrayList<>(1);
    out.add(sender.proceed(null, null));
    if (endRequested && senders.isEmpty()) endNow(out);
    return out;
  }

  private void endNow(List<Runnable> out) {
    state = State.ENDED;
    Waiter taker;
    while ((taker = claimFirst(takers)) != null) out.add(taker.proceed(null, null));
    out.add(() -> senderDone.complete(null));
    checkExhausted(out);
  }

  /** Under the monitor: the end or failure was reached with nothing left to take. */
  private boolean exhaustedNow() {
    return state != State.OPEN && items.isEmpty() && senders.isEmpty();
  }

  private void checkExhausted(List<Runnable> out) {
    if (exhaustedNow()) out.add(() -> exhausted.complete(null));
  }

  /** Removes waiters from the head until one wins its claim; null if none did. */
  private static Waiter claimFirst(ArrayDeque<Waiter> waiters) {
    Waiter w;
    while ((w = waiters.poll()) != null) {
      if (w.ticket.claim()) return w;
    }
    return null;
  }

  private static void drainWaiters(ArrayDeque<Waiter> waiters, RuntimeException error, List<Runnable> out) {
    Waiter w;
    while ((w = claimFirst(waiters)) != null) out.add(w.proceed(null, error));
  }

  private static ChannelClosedException closedHere() {
    return new ChannelClosedException("the receiver was closed by this side");
  }

  private static void runAll(List<Runnable> out) {
    for (Runnable r : out) r.run();
  }

  private static void discard(Object item) {
    if (item instanceof Lazy) ((Lazy) item).release();
  }

  /** Binds a taken item (on the taker's thread) and releases it. */
  static Object resolve(Object item) {
    if (!(item instanceof Lazy)) return item;
    Lazy lazy = (Lazy) item;
    try {
      return lazy.resolve();
    } finally {
      lazy.release();
    }
  }

  /** A receive's future: proceeds with an item, the end (null) or a failure. */
  static final class TakeTicket extends Ticket<Object> {
    @Override
    void proceed(Waiter w, Object item, RuntimeException error) {
      if (error != null) {
        deliverFailure(error);
        return;
      }
      try {
        deliver(resolve(item));
      } catch (RuntimeException e) {
        deliverFailure(e);
      }
    }
  }

  /** A local send's future. */
  static final class SendTicket extends Ticket<Void> {
    @Override
    void proceed(Waiter w, Object item, RuntimeException error) {
      if (error != null) deliverFailure(error);
      else deliver(null);
    }
  }
}
