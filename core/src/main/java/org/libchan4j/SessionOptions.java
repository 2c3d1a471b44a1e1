package org.libchan4j;

import com.google.gson.GsonBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.libchan4j.internal.Options;

/**
 * How a session behaves: its role, limits, message binding, flow control, keepalive, resumption, where blocking
 * helper work runs and who is told of its state ({@link Builder#listener}). Immutable; build with
 * {@link #builder(Session.Role)}. Every setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the setting (or {@link NullPointerException}); {@link Builder#build()} never throws.
 */
public final class SessionOptions {
  private final Session.Role role;
  private final Limits limits;
  private final GsonBuilder gson;
  private final Executor executor;
  private final Mode mode;
  private final int channelCapacity;
  private final int streamWindow;
  private final Duration keepAlive;
  private final Clock clock;
  private final Duration resumeWindow;
  private final int replayWindow;
  private final SessionListener listener;
  private final SessionObserver.Factory observer;

  private SessionOptions(Builder b) {
    this.role = b.role;
    this.limits = b.limits;
    this.gson = b.gson;
    this.executor = b.executor;
    this.mode = b.mode;
    this.channelCapacity = b.channelCapacity;
    this.streamWindow = b.streamWindow;
    this.keepAlive = b.keepAlive;
    this.clock = b.clock;
    this.resumeWindow = b.resumeWindow;
    this.replayWindow = b.replayWindow;
    this.listener = b.listener;
    this.observer = b.observer;
  }

  /** The wire protocol of a session; both sides must use the same one (WebSocket transports negotiate it). */
  public enum Mode {
    /** jschan's framing, byte for byte: no flow control, errors, cancel or keepalive on the wire. */
    COMPAT("libchan4j.compat"),
    /**
     * libchan4j's extended protocol (subprotocol {@code libchan4j.v1}, PROTOCOL.md section 14): Go channel
     * semantics with per-channel credit, error and cancel frames, keepalive.
     */
    EXTENDED("libchan4j.v1");

    private final String subprotocol;

    Mode(String subprotocol) {
      this.subprotocol = subprotocol;
    }

    /** The WebSocket subprotocol naming this mode (PROTOCOL.md section 1.2). */
    public String subprotocol() {
      return subprotocol;
    }

    /** The mode a negotiated WebSocket subprotocol selects: extended for {@code libchan4j.v1}, else compat. */
    public static Mode ofSubprotocol(String subprotocol) {
      return EXTENDED.subprotocol.equals(subprotocol) ? EXTENDED : COMPAT;
    }
  }

  public static Builder builder(Session.Role role) {
    return new Builder(role);
  }

  public Session.Role role() { return role; }
  public Limits limits() { return limits; }
  /** The user's Gson configuration, or {@code null} for Gson's defaults. */
  public GsonBuilder gson() { return gson; }
  /** The executor for copying pipes and streams, or {@code null} for the session's own daemon threads. */
  public Executor executor() { return executor; }
  public Mode mode() { return mode; }
  /** Extended mode: the capacity of channels this side reads unless a {@link Pipe} sets its own. */
  public int channelCapacity() { return channelCapacity; }
  /** Extended mode: bytes the peer may have in flight toward this side on one byte stream. */
  public int streamWindow() { return streamWindow; }
  /** Extended mode: the keepalive ping interval; {@link Duration#ZERO} when disabled. */
  public Duration keepAlive() { return keepAlive; }
  /** The clock keepalive reads. */
  public Clock clock() { return clock; }
  /** Extended mode: how long a session whose connection dropped waits to be resumed; zero when disabled. */
  public Duration resumeWindow() { return resumeWindow; }
  /** Extended mode with resumption: bytes of sent frames kept until the peer acknowledges them. */
  public int replayWindow() { return replayWindow; }
  /** Who is told of the session's state changes, or {@code null} for nobody. */
  public SessionListener listener() { return listener; }
  /** What creates the session's {@link SessionObserver}, or {@code null} for none. */
  public SessionObserver.Factory observer() { return observer; }

  /** A copy of these options with another mode (what a transport negotiated). */
  public SessionOptions withMode(Mode mode) {
    Builder b = new Builder(role);
    b.limits = limits;
    b.gson = gson;
    b.executor = executor;
    b.mode = Objects.requireNonNull(mode, "mode");
    b.channelCapacity = channelCapacity;
    b.streamWindow = streamWindow;
    b.keepAlive = keepAlive;
    b.clock = clock;
    b.resumeWindow = resumeWindow;
    b.replayWindow = replayWindow;
    b.listener = listener;
    b.observer = observer;
    return new SessionOptions(b);
  }

  /** Builder for {@link SessionOptions}. */
  public static final class Builder {
    private final Session.Role role;
    private Limits limits = Limits.defaults();
    private GsonBuilder gson;
    private Executor executor;
    private Mode mode = Mode.COMPAT;
    private int channelCapacity = Options.CHANNEL_CAPACITY;
    private int streamWindow = Options.STREAM_WINDOW;
    private Duration keepAlive = Options.KEEP_ALIVE;
    private Clock clock = Clock.systemUTC();
    private Duration resumeWindow = Duration.ZERO;
    private int replayWindow = Options.REPLAY_WINDOW;
    private SessionListener listener;
    private SessionObserver.Factory observer;

    private Builder(Session.Role role) {
      this.role = Objects.requireNonNull(role, "role");
    }

    /** Limits on what the peer may send. Default: {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * A Gson configuration (type adapters, naming policy...) used to bind messages. The session adds its own
     * adapters for channels, byte streams and {@code byte[]} and never mutates the builder passed in. Sessions given
     * the same builder instance share one Gson built from it when the first of them opens (changes made to the
     * builder after that are not seen): configure it fully before the first session.
     */
    public Builder gson(GsonBuilder gson) {
      this.gson = Objects.requireNonNull(gson, "gson");
      return this;
    }

    /**
     * Where blocking helper work runs: copying a {@link Receiver} or {@code InputStream} that was put in a message,
     * writing into an {@code OutputStream} that was. Each such copy occupies a task until it ends. Default: the
     * session's own threads, released when the session ends: virtual threads on Java 21+, daemon platform threads
     * before (or with {@code -Dlibchan4j.virtualThreads=false}).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The wire protocol. Default {@link Mode#COMPAT}; WebSocket transports set what they negotiated. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Extended mode: the capacity of channels this side reads (the peer's sends wait beyond it), as for a Go
     * channel; 0 makes them unbuffered. Default 1,024: enough messages in flight for one channel to keep a connection
     * busy across the credit round trip (credit returns every half capacity); memory stays bounded by
     * {@link Limits#maxBufferedBytes}. A {@link Pipe} handed to the peer uses its own capacity.
     */
    public Builder channelCapacity(int capacity) {
      this.channelCapacity = Options.channelCapacity(capacity);
      return this;
    }

    /**
     * Extended mode: bytes the peer may have in flight toward this side per byte stream. Default 1 MiB (credit
     * returns every half window); at least 1024.
     */
    public Builder streamWindow(int bytes) {
      this.streamWindow = Options.streamWindow(bytes);
      return this;
    }

    /**
     * Extended mode: ping when the peer was silent for this long, and fail the session with
     * {@link CloseCodes#KEEPALIVE_TIMEOUT} after twice as long. Default 25 s, under the 60 s idle timeout of
     * common load balancers. {@link Duration#ZERO} disables it; at most 2^31-1 ms.
     */
    public Builder keepAlive(Duration interval) {
      this.keepAlive = Options.keepAlive(interval);
      return this;
    }

    /** The clock keepalive reads; tests pass a fake one. Default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Extended mode: resumable sessions (PROTOCOL.md section 14.6). When both sides enable it, a connection that
     * drops (no close handshake, an I/O error, a keepalive timeout) suspends the session instead of ending it: its
     * channels stay open, sends keep completing within the replay window, and a new connection resumes it with
     * nothing lost or duplicated. A session not resumed within {@code window} fails with
     * {@link CloseCodes#ABNORMAL}. The transport must know how to reconnect (the Java WebSocket client and the
     * server endpoint do; a bare {@link org.libchan4j.transport.Transport} does not). Default
     * {@link Duration#ZERO}: disabled (a bare transport cannot reconnect); at most 2^31-1 ms.
     */
    public Builder resumeWindow(Duration window) {
      this.resumeWindow = Options.resumeWindow(window);
      return this;
    }

    /**
     * Extended mode with resumption: bytes of transmitted frames this side keeps until the peer acknowledges them
     * (what a new connection transmits again). Sending stalls, as with flow control, while this much is
     * unacknowledged; the peer acknowledges every half window. Bounds the session's replay memory to the window
     * plus one message. Default 1 MiB; at least 1024.
     */
    public Builder replayWindow(int bytes) {
      this.replayWindow = Options.replayWindow(bytes);
      return this;
    }

    /**
     * Who is told when the session connects, is suspended (its connection dropped and resumption is pending), is
     * resumed and closes (with its code and reason). Callbacks run one at a time, in order, on the
     * {@link #executor executor} (or a library daemon thread), never under the session's lock or on the
     * transport's thread: see {@link SessionListener} for the order, threading and errors. Default none.
     */
    public Builder listener(SessionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates the session's {@link SessionObserver}, which sees its lifecycle (opened, suspended, resumed, closed
     * with its code) and its traffic (channels, messages and bytes in and out) inline, for metrics: see
     * {@link SessionObserver} for the batching, threading and errors. Default none, which costs nothing.
     */
    public Builder observer(SessionObserver.Factory observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public SessionOptions build() {
      return new SessionOptions(this);
    }
  }
}
