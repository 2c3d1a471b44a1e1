package org.libchan4j.js.internal;

import org.teavm.jso.JSObject;

/**
 * Internal: what one receiving end holds for the application: values in arrival order, then the end or a failure.
 * Values go to a pending {@link #take()} first, then to the callback if one is set, else they wait in the queue.
 * Callbacks always run in a microtask, never inside the engine. Single-threaded (the page's event loop). Each
 * value handed to the application (to a taker or the callback) is reported to the {@link Owner}, which returns
 * credit to the writer (extended mode).
 */
public final class Inbox {
  /** Told of every value the application took. */
  public interface Owner {
    void taken(JSObject value);
  }

  private final Owner owner;
  private final JSObject queue = Js.newArray();
  private int head;
  /** Deferreds of takers waiting for a value, oldest first. */
  private final JSObject waiting = Js.newArray();
  private int waitingHead;
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

  /** A value arrived. */
  public void push(JSObject value) {
    if (ended || failure != null) return;
    if (cancelled) return;
    if (waitingHead < Js.length(waiting)) {
      nextWaiting().resolve(value);
      taken(value);
    } else if (onItem != null) {
      Js.later(onItem, value);
      taken(value);
    } else {
      Js.push(queue, value);
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
    clearQueue();
    settleWaiting();
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** The next value, or {@code undefined} at the end; rejects with the failure. */
  public JSObject take() {
    if (head < Js.length(queue)) {
      JSObject value = Js.get(queue, head);
      Js.set(queue, head++, null);
      if (head == Js.length(queue)) clearQueue();
      if (onEnd != null && isDrained() && (ended || failure != null)) {
        Js.later(onEnd, failure != null ? failure : Js.undefined());
      }
      taken(value);
      return Js.resolved(value);
    }
    if (failure != null && !cancelled) return Js.rejected(failure);
    if (ended || cancelled) return Js.resolved(Js.undefined());
    Deferred d = Js.deferred();
    Js.push(waiting, d);
    return d.getPromise();
  }

  /** Sends the queued and every later value to {@code callback} (in microtasks), instead of to takers. */
  public void onItem(Js.Callback callback) {
    onItem = callback;
    while (head < Js.length(queue)) {
      JSObject value = Js.get(queue, head);
      Js.set(queue, head++, null);
      Js.later(callback, value);
      taken(value);
    }
    clearQueue();
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

  private void clearQueue() {
    head = 0;
    Js.truncate(queue);
  }

  private void settleWaiting() {
    while (waitingHead < Js.length(waiting)) {
      Deferred d = nextWaiting();
      if (failure != null && !cancelled) d.reject(failure);
      else d.resolve(Js.undefined());
    }
  }

  private Deferred nextWaiting() {
    Deferred d = (Deferred) Js.get(waiting, waitingHead);
    Js.set(waiting, waitingHead++, null);
    if (waitingHead == Js.length(waiting)) {
      waitingHead = 0;
      Js.truncate(waiting);
    }
    return d;
  }
}
