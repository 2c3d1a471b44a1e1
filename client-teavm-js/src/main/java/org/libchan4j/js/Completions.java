package org.libchan4j.js;

import java.util.ArrayDeque;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSObject;

/**
 * The promises of sends (or writes) on one writing direction, resolved in order as the engine counts them complete
 * ({@link Engine#completed}: message numbers for channels, byte counts for streams), or all rejected at once.
 */
final class Completions {
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  /** The error later sends fail with once this direction failed; null before. */
  private JSObject failure;

  private static final class Waiter {
    final long seq;
    final Deferred done;

    Waiter(long seq, Deferred done) {
      this.seq = seq;
      this.done = done;
    }
  }

  /** A promise for send number {@code seq}, already resolved if {@code completed} reaches it. */
  JSObject track(long seq, long completed) {
    if (completed >= seq) return Js.resolved(Js.undefined());
    if (failure != null) return Js.rejected(failure);
    Deferred d = Js.deferred();
    waiting.add(new Waiter(seq, d));
    return d.getPromise();
  }

  /** Resolves the sends up to {@code completed}. */
  void progress(long completed) {
    while (!waiting.isEmpty() && waiting.peek().seq <= completed) waiting.poll().done.resolve(Js.undefined());
  }

  /** Rejects every pending send with {@code error}. */
  void fail(JSObject error) {
    if (failure == null) failure = error;
    while (!waiting.isEmpty()) waiting.poll().done.reject(error);
  }
}
