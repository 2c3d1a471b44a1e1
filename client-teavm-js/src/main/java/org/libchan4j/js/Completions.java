package org.libchan4j.js;

import org.libchan4j.internal.engine.Engine;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSObject;

/**
 * The promises of sends (or writes) on one writing direction, resolved in order as the engine counts them complete
 * ({@link Engine#completed}: message numbers for channels, byte counts for streams), or all rejected at once.
 */
final class Completions {
  /** Each pending send's number, then its Deferred, oldest first (a JavaScript array: no class in the bundle). */
  private final JSObject waiting = Js.newArray();
  /** The error later sends fail with once this direction failed; null before. */
  private JSObject failure;

  /** A promise for send number {@code seq}, already resolved if {@code completed} reaches it. */
  JSObject track(long seq, long completed) {
    if (completed >= seq) return Js.resolved(Js.undefined());
    if (failure != null) return Js.rejected(failure);
    Deferred d = Js.deferred();
    Js.push(waiting, Js.fromNumber(seq));
    Js.push(waiting, d);
    return d.getPromise();
  }

  /** Resolves the sends up to {@code completed}. */
  void progress(long completed) {
    Js.complete(waiting, completed, null);
  }

  /** Rejects every pending send with {@code error}. */
  void fail(JSObject error) {
    if (failure == null) failure = error;
    Js.complete(waiting, 0, error);
  }
}
