package org.libchan4j.websocket.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.libchan4j.internal.Threads;

/**
 * Internal: the timer a Tyrus container (server or client) is given for its sessions' timeouts and heartbeats, on
 * one named daemon thread instead of Tyrus's anonymous pool. Cancelled tasks leave the queue at once (Tyrus
 * cancels a task whenever it re-arms one); tasks scheduled after shutdown are dropped.
 *
 * <p>It counts what is scheduled on it, JVM-wide, so a test can show that messages do not cost timer work: Tyrus
 * re-arms a session's idle timer for every message it sends or receives unless the session's idle timeout is
 * negative (see {@link WebSocketTransport#attach}), and with a timeout of 0 (which the Jakarta API also calls
 * "never") it runs an immediate no-op task per message, waking this thread each time.
 */
public final class ContainerTimer extends ScheduledThreadPoolExecutor {
  private static final LongAdder SCHEDULED = new LongAdder();

  /** @param threadPrefix its one thread (started on first use) is named this plus a number */
  public ContainerTimer(String threadPrefix) {
    super(1, Threads.platform(threadPrefix), new ThreadPoolExecutor.DiscardPolicy());
    setRemoveOnCancelPolicy(true);
  }

  /** Tasks scheduled on every container timer of this JVM so far. */
  public static long scheduledSoFar() {
    return SCHEDULED.sum();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    SCHEDULED.increment();
    return super.schedule(command, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    SCHEDULED.increment();
    return super.schedule(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    SCHEDULED.increment();
    return super.scheduleAtFixedRate(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    SCHEDULED.increment();
    return super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
  }
}
