package org.libchan4j.internal.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.Engine;

/**
 * Internal: what a session's channel ends (senders, receivers, byte streams) ask of its engine, each under the
 * session's lock; frames and completions follow once the lock is released.
 */
final class ChanOps {
  private final SessionImpl s;

  ChanOps(SessionImpl session) {
    this.s = session;
  }

  /**
   * Under the lock: sends a message tree bound for the wire; the future completes when flow control counts it as
   * sent (see {@link Engine#completed}). Pumps for local channels the message hands over go to {@code started}, to
   * run once the lock is released.
   */
  CompletableFuture<Void> sendLocked(Chan chan, Object tree, Completions completions, List<Runnable> started) {
    long seq = s.engine.send(chan, s.wiring.replaceRefs(tree, started));
    return s.writeGate.gate(completions.track(seq, s.engine.completed(chan)));
  }

  /** A local operation's {@link ProtocolException} (id space exhausted) ends the session; outside the lock. */
  void failed(ProtocolException e) {
    s.terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
        e.closeCode(), e.getMessage(), true);
  }

  /** Engine progress of a writing direction; only under the lock (from handler callbacks). */
  long completed(Chan chan) {
    return s.engine.completed(chan);
  }

  /** The application took {@code n} messages or bytes from a reading direction: return credit (extended mode). */
  void consumed(Chan chan, long n) {
    ifOpen(() -> s.engine.consumed(chan, n));
  }

  /**
   * This side will never write on a stream's direction. Compat mode sends no END for it, since a jschan session
   * processes no frame after a byte-stream END; extended mode ends it at once.
   */
  void abandonOutput(Chan chan) {
    ifOpen(() -> s.engine.abandonOutput(chan));
  }

  /** This side stopped reading a stream: cancel the writer (extended mode). */
  void cancelInput(Chan chan) {
    ifOpen(() -> s.engine.cancelInput(chan));
  }

  /** Fails what this side writes on {@code chan} (extended mode; compat ends it). */
  void fail(Chan chan, int code, String message) {
    ifOpen(() -> s.engine.fail(chan, code, message));
  }

  /** Ends what this side writes on {@code chan} (or stops reading it). */
  void end(Chan chan) {
    ifOpen(() -> s.engine.end(chan));
  }

  /** An engine operation that is quiet once the session has ended. */
  private void ifOpen(Runnable op) {
    s.withLock(() -> {
      if (s.closed == null) op.run();
      return null;
    });
  }

  /** A local operation; a {@link ProtocolException} from it (id space exhausted) ends the session. */
  <R> R local(Supplier<R> action) {
    try {
      return s.withLock(action);
    } catch (ProtocolException e) {
      failed(e);
      throw e;
    }
  }

  CompletableFuture<Void> sendBytes(Chan chan, byte[] bytes, int off, int len, Completions completions) {
    return s.withLock(() -> s.writeGate.gate(completions.track(s.engine.sendBytes(chan, bytes, off, len), s.engine.completed(chan))));
  }
}
