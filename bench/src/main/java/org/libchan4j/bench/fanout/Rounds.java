package org.libchan4j.bench.fanout;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.libchan4j.bench.Emit;

/**
 * A fan-out client process's account of the rounds: per round, how many of its sessions have the message and the
 * latest receive time (CLOCK_MONOTONIC, {@link System#nanoTime}: one clock for all processes on the machine). When
 * the last of its sessions has a round it emits {@code {"event":"round","round":r,"last":nanos}}. Safe to call from
 * any number of receiving threads.
 */
public final class Rounds {
  private final int sessions;
  private final AtomicIntegerArray counts;
  private final AtomicLongArray last;

  public Rounds(int sessions, int rounds) {
    this.sessions = sessions;
    this.counts = new AtomicIntegerArray(rounds + 1);
    this.last = new AtomicLongArray(rounds + 1);
  }

  public void received(int round) {
    long now = System.nanoTime();
    if (round <= 0 || round >= counts.length()) {
      Emit.event("error", "message", "round " + round + " out of range");
      return;
    }
    last.accumulateAndGet(round, now, Math::max);   // before the count: whoever completes the round sees every time
    int c = counts.incrementAndGet(round);
    if (c == sessions) Emit.event("round", "round", round, "last", last.get(round));
    else if (c > sessions) Emit.event("error", "message", "round " + round + " arrived " + c + " times");
  }
}
