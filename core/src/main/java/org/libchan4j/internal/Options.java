package org.libchan4j.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Internal: the defaults and the checks of the session settings that every option builder offers
 * ({@code SessionOptions}, {@code ClientOptions}, {@code ChanEndpoint}, {@code SocketOptions}), so that they agree
 * on the values and refuse the same inputs with the same message (which names the setting). Each check returns its
 * argument, or throws {@link IllegalArgumentException} ({@link NullPointerException} for {@code null}).
 */
public final class Options {
  /** Messages a channel this side reads may hold unread (Go channel capacity). */
  public static final int CHANNEL_CAPACITY = 1024;
  /** Bytes the peer may have in flight toward this side on one byte stream. */
  public static final int STREAM_WINDOW = 1 << 20;
  /** Keepalive ping interval: under the 60 s idle timeout of common load balancers. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
  /** How long a dropped session stays resumable, for the entry points that can reconnect. */
  public static final Duration RESUME_WINDOW = Duration.ofSeconds(30);
  /** The delay before the second reconnect attempt after a drop (the first is immediate). */
  public static final Duration RECONNECT_INITIAL = Duration.ofMillis(100);
  /** The longest delay between reconnect attempts. */
  public static final Duration RECONNECT_MAX = Duration.ofSeconds(5);
  /** Bytes of sent frames kept until the peer acknowledges them. */
  public static final int REPLAY_WINDOW = 1 << 20;
  /** The smallest stream or replay window. */
  public static final int MIN_WINDOW = 1024;
  /** The longest interval, window or timeout: 2^31-1 ms (about 24.8 days), as the browser's options allow. */
  public static final Duration MAX_DURATION = Duration.ofMillis(Integer.MAX_VALUE);

  private Options() {}

  /** A channel capacity: 0 (unbuffered) or more messages. */
  public static int channelCapacity(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("channelCapacity must be >= 0: " + capacity);
    return capacity;
  }

  /** A byte stream's window: at least {@link #MIN_WINDOW} bytes. */
  public static int streamWindow(int bytes) {
    return window("streamWindow", bytes);
  }

  /** A replay window: at least {@link #MIN_WINDOW} bytes. */
  public static int replayWindow(int bytes) {
    return window("replayWindow", bytes);
  }

  /** A keepalive interval: zero (disabled) up to {@link #MAX_DURATION}. */
  public static Duration keepAlive(Duration interval) {
    return notNegative("keepAlive", interval);
  }

  /** A resume window: zero (disabled) up to {@link #MAX_DURATION}. */
  public static Duration resumeWindow(Duration window) {
    return notNegative("resumeWindow", window);
  }

  /** Reconnect backoff bounds: {@code 0 < initial <= max}, both at most {@link #MAX_DURATION}. */
  public static void reconnectBackoff(Duration initial, Duration max) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("reconnectBackoff needs 0 < initial <= max: " + initial + ", " + max);
    }
    atMostMax("reconnectBackoff", max);
  }

  /** A timeout named {@code name}: more than zero, at most {@link #MAX_DURATION}. */
  public static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
    return atMostMax(name, d);
  }

  private static int window(String name, int bytes) {
    if (bytes < MIN_WINDOW) throw new IllegalArgumentException(name + " must be >= " + MIN_WINDOW + ": " + bytes);
    return bytes;
  }

  private static Duration notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) throw new IllegalArgumentException(name + " must be >= 0: " + d);
    return atMostMax(name, d);
  }

  private static Duration atMostMax(String name, Duration d) {
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + " (2^31-1 ms): " + d);
    }
    return d;
  }
}
