/**
 * Benchmarks: {@code jmh} holds the JMH microbenchmarks (codec, engine); the rest is the end-to-end harness that
 * runs servers and clients of each compared system in separate processes. Entry point: {@link org.libchan4j.bench.Bench}
 * (via {@code bench/run}). Not part of the library.
 */
package org.libchan4j.bench;
