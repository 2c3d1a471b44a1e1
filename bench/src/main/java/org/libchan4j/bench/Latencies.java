package org.libchan4j.bench;

import java.util.Arrays;

/** Round-trip times in nanoseconds, kept in full (a few hundred thousand at most) for exact percentiles. */
public final class Latencies {
  private long[] values = new long[1 << 16];
  private int n;

  public void add(long nanos) {
    if (n == values.length) values = Arrays.copyOf(values, n * 2);
    values[n++] = nanos;
  }

  public int count() {
    return n;
  }

  /** The p-th percentile (0 < p <= 100) in microseconds, nearest-rank. */
  public double percentileMicros(double p) {
    if (n == 0) throw new IllegalStateException("no samples");
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * n);
    return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1000.0;
  }
}
