package org.libchan4j.demo;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Sender;
import org.libchan4j.SessionObserver;
import org.libchan4j.Topic;
import org.libchan4j.demo.Protocol.ServerStats;
import org.libchan4j.micrometer.ChanMetrics;

/**
 * The server's numbers for the page's status bar: {@link ChanMetrics} (the endpoint's session observer) counts
 * into a {@link SimpleMeterRegistry}; every period a snapshot of it is published to the pages that watch.
 */
final class Stats implements AutoCloseable {
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final ChanMetrics metrics = new ChanMetrics(registry);
  private final Topic<ServerStats> watchers = Topic.builder(ServerStats.class)
      .overflow(Topic.Overflow.DROP_OLDEST).maxQueued(4).build();
  private final ScheduledFuture<?> ticks;

  Stats(ScheduledExecutorService timer, long periodMillis) {
    ticks = timer.scheduleAtFixedRate(() -> watchers.publish(snapshot()), periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /** What the endpoint registers to be told of every session's lifecycle and traffic. */
  SessionObserver.Factory observer() {
    return metrics;
  }

  /** Sends a snapshot now, then one every period until the watcher's channel ends. */
  void watch(Sender<ServerStats> updates) {
    updates.sendAsync(snapshot());
    watchers.subscribe(updates);
  }

  /** The server sessions' numbers now. */
  ServerStats snapshot() {
    return new ServerStats(value("libchan4j.sessions.active"), value("libchan4j.sessions.resumed"),
        value("libchan4j.channels.open"), value("libchan4j.messages", "direction", "in"),
        value("libchan4j.messages", "direction", "out"), value("libchan4j.bytes", "direction", "in") / 1024,
        value("libchan4j.bytes", "direction", "out") / 1024);
  }

  private long value(String name, String... tags) {
    Meter m = registry.find(name).tag("role", "server").tags(tags).meter();
    return m == null ? 0 : (long) m.measure().iterator().next().getValue();
  }

  @Override
  public void close() {
    ticks.cancel(false);
  }
}
