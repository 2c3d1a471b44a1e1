package org.libchan4j.socket;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.libchan4j.ChanException;
import org.libchan4j.Limits;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.Options;

/**
 * How {@link ChanSockets} listens and dials: the protocol mode, TLS, limits and timeouts. Immutable; build with
 * {@link #builder()}. One options object may serve both a listener and a dialer.
 *
 * <p><b>Mode.</b> A raw byte stream has no handshake to negotiate the mode (PROTOCOL.md section 2.2): both ends
 * must be configured with the same {@link SessionOptions.Mode}. The default is {@link SessionOptions.Mode#COMPAT},
 * what jschan's {@code streamSession} speaks. A mismatch fails the session with 1002 at the first frame.
 *
 * <p><b>TLS.</b> Set when an {@link SSLContext} is configured ({@link Builder#tls}, {@link Builder#trustStore} or
 * {@link Builder#sslContext}); TCP addresses only. A dialer checks that the server's certificate names the host
 * it dialed (HTTPS endpoint identification).
 *
 * <p><b>Resumption</b> (extended mode only, PROTOCOL.md section 14.6). A dropped connection suspends the session: the
 * dialer connects to the same address again with backoff ({@link Builder#reconnectBackoff}) and sends a resume
 * request as its first frame; the listener tells it from a new session by that first frame and resumes the session
 * within its {@link Builder#resumeWindow}. A socket listener has no authentication, so the resume token alone
 * names the session. In compat mode (jschan's) a lost connection ends the session with 1006.
 *
 * <p><b>Errors.</b> Every setter checks its argument at once and throws {@link IllegalArgumentException} naming the
 * setting (or {@link NullPointerException}).
 */
public final class SocketOptions {
  private final SessionOptions.Mode mode;
  private final Limits limits;
  private final int channelCapacity;
  private final int streamWindow;
  private final Duration keepAlive;
  private final Duration resumeWindow;
  private final int replayWindow;
  private final Duration reconnectInitial;
  private final Duration reconnectMax;
  private final Clock clock;
  private final SessionListener listener;
  private final SessionObserver.Factory observer;
  private final GsonBuilder gson;
  private final Executor executor;
  private final SSLContext sslContext;
  private final Duration connectTimeout;
  private final Duration closeTimeout;
  private final long closeDrainBytes;

  private SocketOptions(Builder b) {
    this.mode = b.mode;
    this.limits = b.limits;
    this.channelCapacity = b.channelCapacity;
    this.streamWindow = b.streamWindow;
    this.keepAlive = b.keepAlive;
    this.resumeWindow = b.resumeWindow;
    this.replayWindow = b.replayWindow;
    this.reconnectInitial = b.reconnectInitial;
    this.reconnectMax = b.reconnectMax;
    this.clock = b.clock;
    this.listener = b.listener;
    this.observer = b.observer;
    this.gson = b.gson;
    this.executor = b.executor;
    this.sslContext = b.sslContext;
    this.connectTimeout = b.connectTimeout;
    this.closeTimeout = b.closeTimeout;
    this.closeDrainBytes = b.closeDrainBytes;
  }

  /** Plain (no TLS), compat mode, default limits. */
  public static SocketOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public SessionOptions.Mode mode() { return mode; }
  public Limits limits() { return limits; }
  /** Extended mode: the capacity of the channels this side reads. */
  public int channelCapacity() { return channelCapacity; }
  /** Extended mode: bytes the peer may have in flight toward this side per byte stream. */
  public int streamWindow() { return streamWindow; }
  /** Extended mode: the keepalive interval. */
  public Duration keepAlive() { return keepAlive; }
  /** Extended mode: how long a dropped session stays resumable (and the dialer reconnects); zero when disabled. */
  public Duration resumeWindow() { return resumeWindow; }
  /** Extended mode with resumption: bytes of sent frames kept until the peer acknowledges them. */
  public int replayWindow() { return replayWindow; }
  /** The delay before the second reconnect attempt (the first is immediate); it doubles up to {@link #reconnectMax}. */
  public Duration reconnectInitial() { return reconnectInitial; }
  /** The longest delay between reconnect attempts. */
  public Duration reconnectMax() { return reconnectMax; }
  /** True when sessions with these options resume after a drop: extended mode with a resume window. */
  public boolean resumable() { return mode == SessionOptions.Mode.EXTENDED && !resumeWindow.isZero(); }
  /** Who is told of each session's state changes, or {@code null}. */
  public SessionListener listener() { return listener; }
  /** The TLS context, or {@code null} for plain connections. */
  public SSLContext sslContext() { return sslContext; }
  /** Bound on a dial's connect and TLS handshake, and on a listener's TLS handshake. */
  public Duration connectTimeout() { return connectTimeout; }
  /** How long a closing side waits for the peer to end its output after the close record. */
  public Duration closeTimeout() { return closeTimeout; }
  /** How many input bytes a closing side reads and discards at most while it waits. */
  public long closeDrainBytes() { return closeDrainBytes; }

  /** The session options for one side of a connection. */
  public SessionOptions sessionOptions(Session.Role role) {
    SessionOptions.Builder b = SessionOptions.builder(role).mode(mode).limits(limits)
        .channelCapacity(channelCapacity).streamWindow(streamWindow).keepAlive(keepAlive)
        .resumeWindow(resumeWindow).replayWindow(replayWindow).clock(clock);
    if (gson != null) b.gson(gson);
    if (executor != null) b.executor(executor);
    if (listener != null) b.listener(listener);
    if (observer != null) b.observer(observer);
    return b.build();
  }

  /** Builder for {@link SocketOptions}. */
  public static final class Builder {
    private SessionOptions.Mode mode = SessionOptions.Mode.COMPAT;
    private Limits limits = Limits.defaults();
    private int channelCapacity = Options.CHANNEL_CAPACITY;
    private int streamWindow = Options.STREAM_WINDOW;
    private Duration keepAlive = Options.KEEP_ALIVE;
    private Duration resumeWindow = Options.RESUME_WINDOW;
    private int replayWindow = Options.REPLAY_WINDOW;
    private Duration reconnectInitial = Options.RECONNECT_INITIAL;
    private Duration reconnectMax = Options.RECONNECT_MAX;
    private Clock clock = Clock.systemUTC();
    private SessionListener listener;
    private SessionObserver.Factory observer;
    private GsonBuilder gson;
    private Executor executor;
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private long closeDrainBytes = 128L << 20;

    private Builder() {}

    /** The protocol mode; both ends must use the same one. Default {@link SessionOptions.Mode#COMPAT}. */
    public Builder mode(SessionOptions.Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Limits on what the peer may send, and on this side's outbound queue. Default {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Extended mode: the capacity of the channels this side reads (see
     * {@link SessionOptions.Builder#channelCapacity}); 0 makes the peer's sends rendezvous with this side's
     * receives. Default 1,024.
     */
    public Builder channelCapacity(int capacity) {
      this.channelCapacity = Options.channelCapacity(capacity);
      return this;
    }

    /**
     * Extended mode: the byte window of streams this side reads (see {@link SessionOptions.Builder#streamWindow}).
     * Default 1 MiB; at least 1024.
     */
    public Builder streamWindow(int bytes) {
      this.streamWindow = Options.streamWindow(bytes);
      return this;
    }

    /**
     * Extended mode: the keepalive interval (see {@link SessionOptions.Builder#keepAlive}). Default 25 s;
     * {@link Duration#ZERO} disables it.
     */
    public Builder keepAlive(Duration interval) {
      this.keepAlive = Options.keepAlive(interval);
      return this;
    }

    /**
     * Extended mode: resumable sessions (PROTOCOL.md section 14.6), on both ends. When the connection drops (it ends
     * without a close record, an I/O error, a keepalive timeout) the session is suspended, not failed: the dialer
     * connects to the same address with the same TLS settings, with backoff ({@link #reconnectBackoff}), and
     * resumes it within {@code window}; channels stay open and nothing is lost, duplicated or reordered. A session
     * not resumed in time fails with {@link org.libchan4j.CloseCodes#ABNORMAL}; one the listener refuses (unknown or
     * expired token) with {@link org.libchan4j.CloseCodes#RESUME_REFUSED}, and so do its channels. Ignored in compat
     * mode. Default 30 s; {@link Duration#ZERO} disables it.
     */
    public Builder resumeWindow(Duration window) {
      this.resumeWindow = Options.resumeWindow(window);
      return this;
    }

    /** Extended mode with resumption: see {@link SessionOptions.Builder#replayWindow}. Default 1 MiB. */
    public Builder replayWindow(int bytes) {
      this.replayWindow = Options.replayWindow(bytes);
      return this;
    }

    /**
     * Dialer side, reconnect pacing after a drop: the first attempt is immediate, then {@code initial}, doubling up
     * to {@code max}, each with up to 20% random jitter. Each attempt waits at most the {@link #connectTimeout}
     * capped at 5 s. Default 100 ms and 5 s (as {@code ClientOptions}).
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      Options.reconnectBackoff(initial, max);
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    /** The clock keepalive and the resume deadline read (see {@link SessionOptions.Builder#clock}); tests pass a fake one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Told when each session (dialed or accepted) connects, is suspended and resumed (extended mode), and closes,
     * with its code and reason. Callbacks run on the {@link #executor executor} or a library daemon thread, never on a
     * connection's reader or writer thread; see {@link SessionListener}. Default none.
     */
    public Builder listener(SessionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Creates each session's observer, for metrics: see {@link SessionObserver}. Default none. */
    public Builder observer(SessionObserver.Factory observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Message binding (see {@link SessionOptions.Builder#gson}). */
    public Builder gson(GsonBuilder gson) {
      this.gson = Objects.requireNonNull(gson, "gson");
      return this;
    }

    /** Where blocking helper work runs (see {@link SessionOptions.Builder#executor}). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Listener side: TLS with the key and certificate chain of a PKCS12 keystore (the key password equals the
     * store's), as {@code ChanServer.Builder.tls}.
     */
    public Builder tls(Path pkcs12, char[] password) {
      try (InputStream in = Files.newInputStream(pkcs12)) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(in, password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        this.sslContext = ctx;
        return this;
      } catch (IOException | GeneralSecurityException e) {
        throw new ChanException("cannot load PKCS12 keystore " + pkcs12 + ": " + e.getMessage(), e);
      }
    }

    /**
     * Dialer side: TLS trusting the certificates of a truststore (PKCS12 or JKS) instead of the JDK's defaults, as
     * {@code ClientOptions.Builder.trustStore}.
     */
    public Builder trustStore(Path store, char[] password) {
      try (InputStream in = Files.newInputStream(store)) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(in, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        this.sslContext = ctx;
        return this;
      } catch (IOException | GeneralSecurityException e) {
        throw new ChanException("cannot load truststore " + store + ": " + e.getMessage(), e);
      }
    }

    /** TLS with a ready context (client certificates, custom trust; {@code SSLContext.getDefault()} for the JDK's). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Bound on connecting and on the TLS handshake. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Options.positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Lingering close: after this side closes (any close code, a limit or framing violation included) it writes the
     * close record, ends its output, hands no more input to the session and reads and discards what the peer still
     * sends until the peer's close record or the end of its output, for at most this long; then it drops the
     * connection. Closing with unread input would reset the connection, and a peer still writing would lose the
     * close record telling it why. Default 5 s. See also {@link #closeDrainBytes}.
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Options.positive("closeTimeout", timeout);
      return this;
    }

    /**
     * Lingering close: the most input bytes a closing side reads and discards (see {@link #closeTimeout}) before it
     * drops the connection anyway. Default 128 MiB.
     */
    public Builder closeDrainBytes(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("closeDrainBytes must be >= 0: " + bytes);
      this.closeDrainBytes = bytes;
      return this;
    }

    public SocketOptions build() {
      return new SocketOptions(this);
    }
  }
}
