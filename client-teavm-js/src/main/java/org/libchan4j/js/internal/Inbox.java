package org.libchan4j.js.internal;

import org.teavm.jso.JSObject;

/**
 * Internal: what one receiving end holds for the application: values in arrival order, then the end or a failure.
 * Values go to a waiting taker first, then to the callback if one is set, else they wait in the queue. Callbacks
 * always run in a microtask, never inside the engine. Single-threaded (the page's event loop). Each value handed
 * to the application (to a taker or the callback) is reported to the {@link Owner}, which returns credit to the
 * writer (extended mode); each value queued counts its size as held until it is taken or dropped.
 *
 * <p>Cancel safety: a taker is handed a value only if its {@code claim()} (when it has one) agrees at that moment.
 * A receive whose AbortSignal fired, or a select that another case already won, declines and is skipped: the
 * value goes to the next taker or waits, so an abandoned receive never consumes a message.
 */
public final class Inbox {
  /** Told of every value the application took, and of the bytes held in the queue. */
  public interface Owner {
    void taken(JSObject value);

    /** {@code bytes} more (or, negative, fewer) are held for the application; may throw to end the session. */
    void held(int bytes);
  }

  private final Owner owner;
  /** Queued values, each followed by its size, oldest first; entries before {@code head} are taken. */
  private final JSObject queue = Js.newArray();
  private int head;
  /** Takers waiting for a value, oldest first: Deferreds, perhaps with a {@code claim()} (see {@link Js#addTaker}). */
  private final JSObject waiting = Js.newArray();
  private Js.Callback onItem;
  private Js.Callback onEnd;
  private boolean ended;
  private boolean cancelled;
  /** The failure, once the source failed before its end; null otherwise. */
  private JSObject failure;

  /** @param owner told of each value the application takes; null for none */
  public Inbox(Owner owner) {
    this.owner = owner;
  }

  /** A value arrived; {@code size} is what it counts as held while queued. */
  public void push(JSObject value, int size) {
    if (ended || failure != null || cancelled) return;
    Deferred taker = Js.nextTaker(waiting);
    if (taker != null) {
      taker.resolve(value);
      taken(value);
    } else if (onItem != null) {
      Js.later(onItem, value);
      taken(value);
    } else {
      if (owner != null) owner.held(size);
      Js.push(queue, value);
      Js.push(queue, Js.fromNumber(size));
    }
  }

  /** The source ended normally: after the queued values, takers get {@code undefined}. */
  public void end() {
    if (ended || failure != null) return;
    ended = true;
    settleWaiting();
    if (onEnd != null && isDrained()) Js.later(onEnd, Js.undefined());
  }

  /** The source failed: after the queued values, takers get {@code error}. */
  public void fail(JSObject error) {
    if (ended || failure != null) return;
    failure = error;
    settleWaiting();
    if (onEnd != null && isDrained()) Js.later(onEnd, error);
  }

  /** The application stops reading: queued and later values are dropped, takers get {@code undefined}. */
  public void cancel() {
    cancelled = true;
    while (head < Js.length(queue)) shift();
    settleWaiting();
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * The next value, or {@code undefined} at the end; rejects with the failure. {@code signal} (an AbortSignal, or
   * undefined): once it is aborted the promise rejects with its reason and the taker is gone, having taken nothing.
   */
  public JSObject take(JSObject signal) {
    if (Js.aborted(signal)) return Js.rejected(Js.prop(signal, "reason"));
    if (head < Js.length(queue)) {
      JSObject value = shift();
      if (onEnd != null && isDrained() && (ended || failure != null)) {
        Js.later(onEnd, failure != null ? failure : Js.undefined());
      }
      taken(value);
      return Js.resolved(value);
    }
    if (failure != null && !cancelled) return Js.rejected(failure);
    if (ended || cancelled) return Js.resolved(Js.undefined());
    Deferred d = Js.deferred();
    Js.addTaker(d, signal, waiting);
    return d.getPromise();
  }

  /**
   * For select: null when a take would settle at once (a value is queued, or the end, a failure or a cancel is
   * reached); otherwise queues {@code taker} (unless it is undefined) and returns the array of waiting takers,
   * from which the caller removes it once the select is decided.
   */
  public JSObject waitFor(JSObject taker) {
    if (head < Js.length(queue) || ended || cancelled || failure != null) return null;
    if (!Js.isUndefined(taker)) Js.push(waiting, taker);
    return waiting;
  }

  /** Sends the queued and every later value to {@code callback} (in microtasks), instead of to takers. */
  public void onItem(Js.Callback callback) {
    onItem = callback;
    while (head < Js.length(queue)) {
      JSObject value = shift();
      Js.later(callback, value);
      taken(value);
    }
  }

  /** Calls {@code callback} with {@code undefined} at the end or with the failure, once every value was handed out. */
  public void onEnd(Js.Callback callback) {
    onEnd = callback;
    if ((ended || failure != null) && isDrained()) Js.later(callback, failure != null ? failure : Js.undefined());
  }

  private void taken(JSObject value) {
    if (owner != null) owner.taken(value);
  }

  private boolean isDrained() {
    return head >= Js.length(queue);
  }

  /** Removes the oldest queued value, releasing its size. */
  private JSObject shift() {
    JSObject value = Js.get(queue, head);
    int size = (int) Js.asNumber(Js.get(queue, head + 1));
    Js.set(queue, head++, null);
    Js.set(queue, head++, null);
    if (head == Js.length(queue)) {
      head = 0;
      Js.truncate(queue);
    }
    if (owner != null) owner.held(-size);
    return value;
  }

  private void settleWaiting() {
    for (Deferred d; (d = Js.nextTaker(waiting)) != null; ) {
      if (failure != null && !cancelled) d.reject(failure);
      else d.resolve(Js.undefined());
    }
  }
}
