package org.libchan4j.client.soak;

import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's message accounting: every message carries its number on its channel, and each channel's receiving
 * end checks that each number arrives exactly once and in order. Counters only grow; read them at any time.
 */
final class Ledger {
  final LongAdder sent = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder lost = new LongAdder();
  final LongAdder duplicated = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder corruptStreams = new LongAdder();
  final LongAdder rounds = new LongAdder();
  final LongAdder selectTimeouts = new LongAdder();
  final LongAdder errors = new LongAdder();

  /** A new checker for one channel whose messages are numbered 0, 1, 2, ... */
  Check check() {
    return new Check();
  }

  /** The receiving side of one numbered channel; used by one thread at a time. */
  final class Check {
    private long next;
    private boolean ended;

    /** Message number {@code n} arrived. */
    void got(long n) {
      if (n == next) {
        received.increment();
        next++;
      } else if (n < next) {
        duplicated.increment(); // seen already (or out of order, which is as bad)
      } else {
        lost.add(n - next); // the numbers in between never came
        received.increment();
        next = n + 1;
      }
    }

    /** The channel ended; {@code expected} messages were sent on it. */
    void end(long expected) {
      if (ended) return;
      ended = true;
      if (next < expected) lost.add(expected - next);
      else if (next > expected) duplicated.add(next - expected);
    }

    /** Messages taken so far. */
    long count() {
      return next;
    }
  }
}
