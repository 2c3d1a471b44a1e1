package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.libchan4j.CloseCodes;
import org.libchan4j.SessionClosedException;
import org.libchan4j.transport.Transport;

/**
 * Internal: the session's backpressure, in both modes. While the transport holds more than its high-water mark
 * unsent, send completions are held until it drains ({@code TransportListener.onWritable}); if they stay held for
 * {@code Limits.maxWriteStallMillis} the peer has stopped reading, and the session ends with 1008. State is
 * guarded by the session's lock; futures are completed after it.
 */
final class WriteGate {
  private static final System.Logger LOG = System.getLogger(WriteGate.class.getName());

  private final SessionImpl s;
  private final long maxStallMillis;
  private List<CompletableFuture<Void>> held = new ArrayList<>();
  private ScheduledFuture<?> stallTask;

  WriteGate(SessionImpl session, long maxStallMillis) {
    this.s = session;
    this.maxStallMillis = maxStallMillis;
  }

  /** Under the lock: {@code sent}, or a future that also waits for the transport to drain. */
  CompletableFuture<Void> gate(CompletableFuture<Void> sent) {
    Transport t = s.transport;
    if (t == null || t.isWritable() || s.closed != null) return sent;
    CompletableFuture<Void> writable = new CompletableFuture<>();
    held.add(writable);
    if (stallTask == null) stallTask = KeepAlive.SCHEDULER.schedule(this::stalled, maxStallMillis, TimeUnit.MILLISECONDS);
    return sent.thenCombine(writable, (a, b) -> null);
  }

  /** Under the lock: how many send completions wait for the transport to drain. */
  int heldCount() {
    return held.size();
  }

  /** Under the lock: the held completions, taken (the caller completes them after the lock). */
  List<CompletableFuture<Void>> release() {
    if (held.isEmpty()) return List.of();
    List<CompletableFuture<Void>> out = held;
    held = new ArrayList<>();
    if (stallTask != null) stallTask.cancel(false);
    stallTask = null;
    return out;
  }

  /** The transport of {@code from} drained: the held sends complete (their callbacks in one flush scope). */
  void drained(Link from) {
    List<CompletableFuture<Void>> released;
    synchronized (s.lock) {
      if (s.link != from) return;
      released = release();
    }
    if (released.isEmpty()) return;
    FlushScope.current().run(() -> {
      for (CompletableFuture<Void> f : released) f.complete(null);
      return null;
    });
  }

  /** Nothing drained within maxStallMillis while sends waited. */
  private void stalled() {
    Transport t;
    synchronized (s.lock) {
      if (s.closed != null || held.isEmpty()) return;
      t = s.transport;
    }
    String reason = "the peer read nothing of what was queued to it for " + maxStallMillis
        + " ms (maxWriteStallMillis)";
    LOG.log(System.Logger.Level.WARNING, "closing " + s.role() + " session: " + reason);
    s.terminate(new SessionClosedException(CloseCodes.POLICY_VIOLATION, "session failed: " + reason, null),
        CloseCodes.POLICY_VIOLATION, reason, false);
    if (t != null) t.abort(CloseCodes.POLICY_VIOLATION, reason);
  }
}
