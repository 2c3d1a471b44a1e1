package org.libchan4j.client.internal;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.libchan4j.websocket.internal.ContainerTimer;

/**
 * What every client connection of this JVM shares: one Grizzly transport (a selector thread per core, which also
 * decodes and delivers what its connections read: no worker pool) and one timer thread for Tyrus's sessions (see
 * {@link SessionContainer}). The first connection starts them; once no connection has been open for the idle timeout
 * ({@value #IDLE_TIMEOUT_PROPERTY}, default {@value #DEFAULT_IDLE_MILLIS} ms) they stop, and with them every thread
 * they own, so an idle JVM keeps no client thread. While the timeout runs, one extra thread waits for it.
 *
 * <p>(Tyrus's own {@code SHARED_CONTAINER} is not used: in Tyrus 2.2 its idle-timer thread never ends, and a
 * connection that opens while the timer is pending keeps the shared transport from ever stopping.)
 */
public final class ClientRuntime {
  /** System property: how long the shared runtime outlives the last connection, in milliseconds. */
  public static final String IDLE_TIMEOUT_PROPERTY = "libchan4j.client.idleTimeoutMillis";
  static final long DEFAULT_IDLE_MILLIS = 10_000;
  /** Names of the runtime's threads start with this. */
  public static final String THREAD_PREFIX = "libchan4j-client";

  private static final Object LOCK = new Object();
  /** Takes what Tyrus schedules on a timer that has stopped: nothing runs then, nothing fails. */
  private static final ScheduledThreadPoolExecutor STOPPED = new ContainerTimer(THREAD_PREFIX + "-stopped-timer-");

  static {
    STOPPED.shutdown();
  }

  private static TCPNIOTransport transport; // guarded by LOCK
  private static ScheduledThreadPoolExecutor timer;
  private static int leases;
  private static long idleSince;
  private static Thread reaper;

  private ClientRuntime() {}

  /** A claim on the running transport, for one connection attempt; {@link #release} it once when that is over. */
  static final class Lease {
    private final TCPNIOTransport transport;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(TCPNIOTransport transport) {
      this.transport = transport;
    }

    TCPNIOTransport transport() {
      return transport;
    }

    /** Idempotent. */
    void release() {
      if (released.compareAndSet(false, true)) ClientRuntime.release();
    }
  }

  /** Starts the transport if needed and claims it. */
  static Lease acquire() throws IOException {
    synchronized (LOCK) {
      if (transport == null) {
        TCPNIOTransport t = build();
        t.start();
        transport = t;
        timer = new ContainerTimer(THREAD_PREFIX + "-timer-");
      }
      if (leases++ == 0) LOCK.notifyAll(); // a waiting reaper gives up
      return new Lease(transport);
    }
  }

  private static void release() {
    synchronized (LOCK) {
      if (--leases > 0) return;
      idleSince = System.nanoTime();
      if (reaper == null) {
        reaper = new Thread(ClientRuntime::reap, THREAD_PREFIX + "-idle");
        reaper.setDaemon(true);
        reaper.start();
      }
    }
  }

  /** Waits out the idle timeout and stops the transport unless a connection came meanwhile. */
  private static void reap() {
    TCPNIOTransport stop = null;
    ScheduledThreadPoolExecutor stopTimer = null;
    synchronized (LOCK) {
      try {
        while (leases == 0 && transport != null) {
          long left = idleSince + TimeUnit.MILLISECONDS.toNanos(idleMillis()) - System.nanoTime();
          if (left <= 0) {
            stop = transport;
            stopTimer = timer;
            transport = null;
            timer = null;
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(LOCK, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        reaper = null;
      }
    }
    if (stopTimer != null) stopTimer.shutdownNow();
    if (stop != null) {
      try {
        stop.shutdownNow();
      } catch (IOException e) {
        System.getLogger(ClientRuntime.class.getName()).log(System.Logger.Level.WARNING,
            "stopping the shared client transport failed", e);
      }
    }
  }

  /** The timer of the running runtime (the stopped one when none runs): valid while a lease is held. */
  static ScheduledExecutorService timer() {
    synchronized (LOCK) {
      return timer != null ? timer : STOPPED;
    }
  }

  static long idleMillis() {
    return Math.max(0, Long.getLong(IDLE_TIMEOUT_PROPERTY, DEFAULT_IDLE_MILLIS));
  }

  private static TCPNIOTransport build() {
    TCPNIOTransportBuilder b = TCPNIOTransportBuilder.newInstance();
    b.setName(THREAD_PREFIX);
    b.setReuseAddress(false); // as Tyrus: many short-lived client sockets otherwise hit BindException
    b.setTcpNoDelay(true);
    int selectors = Runtime.getRuntime().availableProcessors();
    b.setSelectorRunnersCount(selectors);
    b.setSelectorThreadPoolConfig(ThreadPoolConfig.defaultConfig().setPoolName(THREAD_PREFIX + "-selector")
        .setCorePoolSize(selectors).setMaxPoolSize(selectors).setDaemon(true));
    // Reads run on the selector that saw them: a message reaches its session with no hand-off to a worker thread
    // (one fewer context switch per message). Connections spread over one selector per core.
    b.setIOStrategy(SameThreadIOStrategy.getInstance());
    return b.build();
  }
}
