package org.libchan4j.demo;

/** Prime counting, the demo's compute job (the page's Web Worker runs the same sieve in JavaScript). */
final class Primes {
  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000, 1_000_000_000};
  private static final long[] PI_OF_POWERS = {0, 4, 25, 168, 1_229, 9_592, 78_498, 664_579, 5_761_455, 50_847_534};
  private static final int SEGMENT = 1 << 20;

  private Primes() {}

  /** The number of primes below {@code limit} when it is a power of ten up to 10^9, else 0 (unknown). */
  static long knownCount(long limit) {
    for (int i = 0; i < POWERS_OF_TEN.length; i++) if (POWERS_OF_TEN[i] == limit) return PI_OF_POWERS[i];
    return 0;
  }

  /** The number of primes in [from, to), by a segmented sieve of Eratosthenes. */
  static long count(long from, long to) {
    long lo = Math.max(from, 2);
    if (to <= lo) return 0;
    int root = (int) Math.sqrt((double) to) + 1;
    boolean[] composite = new boolean[root + 1];
    int[] small = new int[root + 1];
    int smallCount = 0;
    for (int i = 2; i <= root; i++) {
      if (composite[i]) continue;
      small[smallCount++] = i;
      for (long j = (long) i * i; j <= root; j += i) composite[(int) j] = true;
    }
    long count = 0;
    boolean[] segment = new boolean[SEGMENT];
    for (long start = lo; start < to; start += SEGMENT) {
      int len = (int) Math.min(SEGMENT, to - start);
      java.util.Arrays.fill(segment, 0, len, false);
      for (int k = 0; k < smallCount; k++) {
        long p = small[k];
        if (p * p >= start + len) break;
        long first = Math.max(p * p, (start + p - 1) / p * p);
        for (long j = first; j < start + len; j += p) segment[(int) (j - start)] = true;
      }
      for (int i = 0; i < len; i++) if (!segment[i]) count++;
    }
    return count;
  }
}
