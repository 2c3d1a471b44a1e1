package org.libchan4j.server.internal;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpServerFilter;

/**
 * Closes connections that do not become WebSockets in time, so a slow or silent client (slowloris) cannot hold a
 * connection open. From its accept, and again after each HTTP response on a keep-alive connection, a connection
 * has {@code timeout} to deliver a complete request head; a request being served is not timed, and an upgrade
 * request must have opened its WebSocket session within the timeout. Once the WebSocket is open the connection is
 * left alone (the session's own limits and keepalive apply). Dribbling bytes does not extend the deadline.
 *
 * <p>Sits after the {@link FrameGuard}, whose connection-id header tells which upgrade request became which
 * session. Owns one daemon timer thread, stopped by {@link #stop()}.
 */
public final class HandshakeTimeout extends BaseFilter {
  private static final System.Logger LOG = System.getLogger(HandshakeTimeout.class.getName());

  private final Attribute<Watch> watch =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeTimeout.class.getName() + ".watch");
  private final long timeoutNanos;
  private final Predicate<String> open;
  private final ScheduledThreadPoolExecutor timer;

  /**
   * @param open whether the WebSocket session of a connection id is open
   */
  public HandshakeTimeout(java.time.Duration timeout, Predicate<String> open) {
    this.timeoutNanos = timeout.toNanos();
    this.open = open;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "libchan4j-handshake-timeout");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public NextAction handleAccept(FilterChainContext ctx) throws IOException {
    Watch w = new Watch(ctx.getConnection());
    watch.set(ctx.getConnection(), w);
    w.arm();
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Watch w = watch.get(ctx.getConnection());
    if (w != null && !w.done && UpgradedInput.isUpgraded(ctx.getConnection())) {
      w.cancel(); // a WebSocket now (its messages carry UpgradedInput's shared header, without the id)
      return ctx.getInvokeAction();
    }
    if (w != null && !w.done && ctx.getMessage() instanceof HttpContent) {
      HttpHeader header = ((HttpContent) ctx.getMessage()).getHttpHeader();
      if (header.isRequest()) {
        w.connectionId = header.getHeader(FrameGuard.CONNECTION_HEADER);
        w.inRequest = true;
      }
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
    if (event.type() == HttpServerFilter.RESPONSE_COMPLETE_EVENT.type()) {
      Watch w = watch.get(ctx.getConnection());
      if (w != null) {
        w.inRequest = false;
        w.responses++;
      }
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    Watch w = watch.get(ctx.getConnection());
    if (w != null) w.cancel();
    return ctx.getInvokeAction();
  }

  /** Stops the timer thread; pending deadlines are dropped (the server closes its connections itself). */
  public void stop() {
    timer.shutdownNow();
  }

  /** The deadline of one connection. */
  private final class Watch {
    final Connection<?> connection;
    volatile String connectionId;
    volatile boolean inRequest;
    volatile int responses;
    volatile boolean done;
    int responsesAtArm;
    ScheduledFuture<?> task;

    Watch(Connection<?> connection) {
      this.connection = connection;
    }

    synchronized void arm() {
      if (done) return;
      responsesAtArm = responses;
      try {
        task = timer.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        done = true;
      }
    }

    synchronized void cancel() {
      done = true;
      if (task != null) task.cancel(false);
    }

    void check() {
      if (done || !connection.isOpen()) return;
      String id = connectionId;
      if (id != null && open.test(id)) {
        done = true; // a WebSocket now: no longer timed
        return;
      }
      boolean served = inRequest && id == null; // a plain HTTP request is being answered
      boolean progressed;
      synchronized (this) {
        progressed = responses != responsesAtArm;
      }
      if (served || progressed) {
        arm();
        return;
      }
      LOG.log(System.Logger.Level.DEBUG, "closing {0}: no {1} within the handshake timeout",
          connection.getPeerAddress(), id == null ? "complete request" : "WebSocket session");
      connection.closeSilently();
    }
  }
}
