package org.libchan4j.internal.engine;

import org.libchan4j.CloseCodes;

/**
 * Internal: the session lifecycle rules every host applies (the JVM session, the Java client's reconnector, the
 * WebSocket transport and the browser session), written once and compiled for both the JVM and the browser.
 */
public final class SessionRules {
  /** RFC 6455: a close reason holds at most 123 bytes of UTF-8. */
  public static final int MAX_REASON_BYTES = 123;
  /** The shortest period of the timer that drives keepalive, acks and the resume deadline. */
  static final long MIN_TICK_MILLIS = 10;

  private SessionRules() {}

  /**
   * The period of a session's timer: a quarter of the keepalive interval or of the resume window, whichever is
   * shorter (so a silent peer is noticed within 2.25 intervals and an expired session within 1.25 windows), at
   * least 10 ms; 0 when neither is on (no timer).
   */
  public static long tickPeriod(long keepAliveMillis, long resumeWindowMillis) {
    long period = Long.MAX_VALUE;
    if (keepAliveMillis > 0) period = keepAliveMillis / 4;
    if (resumeWindowMillis > 0) period = Math.min(period, resumeWindowMillis / 4);
    return period == Long.MAX_VALUE ? 0 : Math.max(MIN_TICK_MILLIS, period);
  }

  /**
   * True when a connection that closed with {@code code} was lost rather than closed (PROTOCOL.md 10 and 14.6):
   * no close handshake (1006), a keepalive timeout (4000), or a local I/O failure. A resumable session suspends on
   * a drop and ends on anything else.
   */
  public static boolean isDrop(int code, boolean localFailure) {
    return code == CloseCodes.ABNORMAL || code == CloseCodes.KEEPALIVE_TIMEOUT || localFailure;
  }

  /** True once a session suspended at {@code suspendedAt} has outlived its resume window at {@code now}. */
  public static boolean resumeExpired(long suspendedAt, long now, long resumeWindowMillis) {
    return now - suspendedAt >= resumeWindowMillis;
  }

  /** True for the codes of an orderly end (1000, 1001, and 1005 "no code"): the session's close succeeds. */
  public static boolean isOrderly(int code) {
    return code == CloseCodes.NORMAL || code == CloseCodes.GOING_AWAY || code == 1005;
  }

  /**
   * The wait before reconnect attempt {@code failures + 1} after as many failed ones: {@code initial} doubling up
   * to {@code max}, plus {@code jitter} (0..1) times 20% of it, so clients dropped together do not return together.
   */
  public static long reconnectDelay(int failures, long initial, long max, double jitter) {
    long delay = Math.min(max, initial << Math.min(failures, 20));
    return delay + (long) (delay * 0.2 * jitter);
  }

  /** The longest prefix of {@code reason} of at most {@link #MAX_REASON_BYTES} UTF-8 bytes, cut between characters. */
  public static String truncateReason(String reason) {
    if (reason == null) return "";
    int bytes = 0;
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < reason.length()
          && Character.isLowSurrogate(reason.charAt(i + 1));
      int n = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (bytes + n > MAX_REASON_BYTES) return reason.substring(0, i);
      bytes += n;
      if (pair) i++;
    }
    return reason;
  }
}
