package org.libchan4j.bench.fanout;

import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.ServerMain;

/**
 * The stdin commands every fan-out server answers (node's fanout-server.js too): {@code subscribers} (how many
 * sessions joined the room) and {@code publish r} (one {@link Tick} for round {@code r} to all of them, answered
 * with {@code published}: the CLOCK_MONOTONIC stamp taken just before the publish call, how long the call took, and
 * how many subscribers it went to).
 */
final class FanoutCommands {
  private FanoutCommands() {}

  static Map<String, ServerMain.Command> of(IntSupplier subscribers, ToIntFunction<Tick> publish) {
    return Map.of(
        "subscribers", w -> Emit.event("subscribers", "n", subscribers.getAsInt()),
        "publish", w -> {
          int round = Integer.parseInt(w[1]);
          long stamp = System.nanoTime();
          int n = publish.applyAsInt(Tick.of(round, stamp));
          long took = System.nanoTime() - stamp;
          Emit.event("published", "round", round, "nanos", stamp, "publishNanos", took, "n", n);
        });
  }
}
