package org.libchan4j;

/** Timeouts of the Reactive Streams TCK runs: generous for signals expected (a shared 2-core machine). */
final class FlowTck {
  /** How long the TCK waits for a signal it expects. */
  static final long TIMEOUT_MILLIS = 2_000;
  /** How long the TCK watches for a signal that must not come (each such check costs this much). */
  static final long NO_SIGNAL_MILLIS = 100;

  private FlowTck() {}
}
