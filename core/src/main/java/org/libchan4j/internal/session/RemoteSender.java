package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ProtocolException;
import org.libchan4j.Sender;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/**
 * Internal: a channel this side writes, bound to a session. A send proceeds when the engine has room for it
 * ({@link org.libchan4j.internal.engine.Engine#hasRoom}); until then it waits here as a {@link Waiter}, not in the
 * engine, so a cancelled or timed-out send never reaches the wire. The session serves the waiters in order when
 * room appears ({@link SendRoom}). State is guarded by the session's lock.
 */
final class RemoteSender<T> implements Sender<T>, ChanHandler, Port {
  private final SessionImpl session;
  private final Chan chan;
  /** Guarded by the session lock. */
  final Completions completions = new Completions();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(2); // small: sends rarely wait
  private volatile Type elementType = Object.class;
  private volatile boolean closed;
  /** Guarded by the session lock: the END (code 0) or error this side asked for while sends were blocked. */
  private boolean endRequested;
  private int endCode;
  private String endMessage;
  /** Guarded by the session lock: the receiver's cancel or the session's end, once it happened. */
  private RuntimeException refused;

  RemoteSender(SessionImpl session, Chan chan) {
    this.session = session;
    this.chan = chan;
  }

  @SuppressWarnings("unchecked")
  <U> RemoteSender<U> typed(Type type) {
    this.elementType = type;
    return (RemoteSender<U>) this;
  }

  @Override
  public void send(T message) throws InterruptedException {
    Tickets.await(sendAsync(message));
  }

  @Override
  public void send(T message, Duration timeout) throws InterruptedException {
    Tickets.await(sendAsync(message), timeout, "the channel had no room");
  }

  @Override
  public CompletableFuture<Void> sendAsync(T message) {
    Objects.requireNonNull(message, "message");
    Object tree;
    try {
      tree = session.binder.toTree(message, elementType);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sendTree(tree);
  }

  /**
   * As {@link #sendAsync} for a message bound already: its own tree, or one shared by many sessions that holds no
   * reference and is never modified (a topic's {@link org.libchan4j.internal.msgpack.MsgpackRaw}, see
   * {@link SharedSend}).
   */
  CompletableFuture<Void> sendTree(Object tree) {
    // The common case, room now, without a ticket's pass; a send that has to wait takes the select path.
    List<Runnable> started = new ArrayList<>(0);
    CompletableFuture<Void> now;
    try {
      now = session.ops.local(() -> {
        if (refusal(true) != null || !waiters.isEmpty() || !session.engine.hasRoom(chan)) return null;
        return session.ops.sendLocked(chan, tree, completions, started);
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    started.forEach(Runnable::run);
    if (now != null) return now.isDone() ? now : SendTicket.after(now);
    SendTicket ticket = new SendTicket();
    Choice.run(ticket, new Waiter[] {new Waiter(ticket, this, 0, true, tree)}, true);
    return ticket;
  }

  /** The wire tree of {@code message} (a select's send case binds it before its pass). */
  Object tree(Object message) {
    return session.binder.toTree(message, elementType);
  }

  @Override
  public void close() {
    closed = true;
    requestEnd(0, null);
    closeFuture.complete(null);
  }

  @Override
  public void fail(int code, String message) {
    closed = true;
    requestEnd(code, message);
    closeFuture.complete(null);
  }

  /** Ends the channel after the sends blocked now (an error if {@code code != 0}). */
  private void requestEnd(int code, String message) {
    session.withLock(() -> {
      if (endRequested) return null;
      endRequested = true;
      endCode = code;
      endMessage = message;
      if (waiters.isEmpty()) endNow();
      return null;
    });
  }

  private void endNow() {
    if (session.closed != null) return;
    if (endCode != 0) session.engine.fail(chan, endCode, endMessage);
    else session.engine.end(chan);
  }

  @Override
  public boolean isClosed() {
    return closed || !session.isOpen();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  // ------------------------------------------------------------------ Port (under the session lock)

  @Override
  public long lockOrder() {
    return session.lockOrder;
  }

  @Override
  public Object monitor() {
    return session.lock;
  }

  @Override
  public SessionImpl lockedSession() {
    return session;
  }

  @Override
  public boolean tryNow(Waiter w, List<Runnable> out) {
    RuntimeException error = refusal(true);
    if (error == null && (!waiters.isEmpty() || !session.engine.hasRoom(chan))) return false;
    Choice.claimOwn(w);
    commit(w, error, out);
    return true;
  }

  @Override
  public void enqueue(Waiter w) {
    waiters.add(w);
    session.sendRoom.watch(this);
  }

  @Override
  public void remove(Waiter w) {
    session.withLock(() -> {
      if (waiters.remove(w) && waiters.isEmpty() && endRequested) endNow();
      return null;
    });
  }

  /** Under the session lock: blocked sends proceed, in order, while there is room; true while some still wait. */
  boolean serve() {
    Waiter w;
    while ((w = waiters.peek()) != null) {
      RuntimeException error = refusal(false);
      if (error == null && !session.engine.hasRoom(chan)) return true;
      waiters.poll();
      if (!w.ticket.claim()) continue;
      List<Runnable> out = new ArrayList<>(1);
      commit(w, error, out);
      for (Runnable r : out) session.defer(r);
    }
    if (endRequested) endNow();
    return false;
  }

  /** Under the session lock, from the engine: the blocked sends fail with {@code cause}. */
  private void failWaiters(RuntimeException cause) {
    Waiter w;
    while ((w = waiters.poll()) != null) {
      if (w.ticket.claim()) session.defer(w.proceed(null, cause));
    }
  }

  /** Under the session lock: sends {@code w}'s message (or fails it with {@code error}); the rest goes to {@code out}. */
  private void commit(Waiter w, RuntimeException error, List<Runnable> out) {
    if (error != null) {
      out.add(w.proceed(null, error));
      return;
    }
    try {
      CompletableFuture<Void> sent = session.ops.sendLocked(chan, w.value, completions, out);
      out.add(w.proceed(sent, null));
    } catch (ProtocolException e) {
      out.add(w.proceed(null, e));
      out.add(() -> session.ops.failed(e));
    } catch (RuntimeException e) {
      out.add(w.proceed(null, e));
    }
  }

  /** Why a send cannot go out: the receiver's cancel, the session's end, or (for a new send) this side's close. */
  private RuntimeException refusal(boolean newSend) {
    if (refused != null) return refused;
    if (session.closed != null) return session.closed;
    if (newSend && endRequested) return new ChannelClosedException(chan + " is already ended");
    return null;
  }

  // ------------------------------------------------------------------ ChanHandler (under the session lock)

  @Override
  public void onData(Chan c, Object data, int wireBytes) {
    throw new IllegalStateException("the engine delivers nothing to a channel this side writes");
  }

  @Override
  public void onEnd(Chan c) {}

  @Override
  public void onProgress(Chan c) {
    completions.progress(session.ops.completed(c), session);
  }

  @Override
  public void onCancelled(Chan c) {
    closed = true;
    ChannelClosedException cause = new ChannelClosedException("the receiver closed " + c);
    refused = cause;
    completions.fail(cause, session);
    failWaiters(cause);
    session.defer(() -> closeFuture.completeExceptionally(cause));
  }

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    closed = true;
    if (refused == null) refused = cause;
    completions.fail(cause, session);
    failWaiters(refused);
    session.defer(() -> closeFuture.completeExceptionally(cause));
  }

  @Override
  public String toString() {
    return "Sender(" + chan + ")";
  }

  /** A send's future: completes as the engine counts the message sent (see {@code Engine#completed}). */
  static final class SendTicket extends Ticket<Void> {
    /** A send that went out at once but completes later (capacity 0, or a transport over its high-water mark). */
    static SendTicket after(CompletableFuture<Void> sent) {
      SendTicket t = new SendTicket();
      t.claimed();
      t.follow(sent);
      return t;
    }

    @Override
    @SuppressWarnings("unchecked")
    void proceed(Waiter w, Object item, RuntimeException error) {
      if (error != null) deliverFailure(error);
      else follow((CompletableFuture<Void>) item);
    }

    private void follow(CompletableFuture<Void> sent) {
      sent.whenComplete((v, e) -> {
        if (e == null) deliver(null);
        else deliverFailure(Futures.unwrap(e));
      });
    }
  }
}
