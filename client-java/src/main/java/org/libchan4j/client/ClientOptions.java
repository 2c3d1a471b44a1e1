package org.libchan4j.client;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.libchan4j.ChanException;
import org.libchan4j.Limits;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.Options;

/**
 * How {@link ChanClient} connects, and the settings of the session it opens. Immutable; start from
 * {@link #builder()} or {@link #defaults()}. Every setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the setting (or {@link NullPointerException}).
 */
public final class ClientOptions {
  private final Map<String, List<String>> headers;
  private final List<String> subprotocols;
  private final Duration connectTimeout;
  private final SSLContext sslContext;
  private final Limits limits;
  private final GsonBuilder gson;
  private final Executor executor;
  private final SessionOptions.Mode mode;
  private final int channelCapacity;
  private final int streamWindow;
  private final Duration keepAlive;
  private final Duration resumeWindow;
  private final int replayWindow;
  private final Duration reconnectInitial;
  private final Duration reconnectMax;
  private final SessionListener listener;
  private final SessionObserver.Factory observer;

  private ClientOptions(Builder b) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.subprotocols = List.copyOf(b.subprotocols);
    this.connectTimeout = b.connectTimeout;
    this.sslContext = b.sslContext;
    this.limits = b.limits;
    this.gson = b.gson;
    this.executor = b.executor;
    this.mode = b.mode;
    this.channelCapacity = b.channelCapacity;
    this.streamWindow = b.streamWindow;
    this.keepAlive = b.keepAlive;
    this.resumeWindow = b.resumeWindow;
    this.replayWindow = b.replayWindow;
    this.reconnectInitial = b.reconnectInitial;
    this.reconnectMax = b.reconnectMax;
    this.listener = b.listener;
    this.observer = b.observer;
  }

  public static ClientOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, List<String>> headers() { return headers; }
  public List<String> subprotocols() { return subprotocols; }
  public Duration connectTimeout() { return connectTimeout; }
  /** The TLS context for wss, or {@code null} for the JDK's default trust. */
  public SSLContext sslContext() { return sslContext; }
  public Limits limits() { return limits; }
  public GsonBuilder gson() { return gson; }
  public Executor executor() { return executor; }
  /** The mode this client asks for; the server decides (see {@link Builder#mode}). */
  public SessionOptions.Mode mode() { return mode; }
  /** Extended mode: the capacity of the channels the client reads. */
  public int channelCapacity() { return channelCapacity; }
  /** Extended mode: bytes the server may have in flight toward the client per byte stream. */
  public int streamWindow() { return streamWindow; }
  /** Extended mode: the session's keepalive interval. */
  public Duration keepAlive() { return keepAlive; }
  /** Extended mode: how long a dropped session keeps reconnecting to resume; zero when disabled. */
  public Duration resumeWindow() { return resumeWindow; }
  /** Extended mode with resumption: bytes of sent frames kept until the server acknowledges them. */
  public int replayWindow() { return replayWindow; }
  /** The delay before the second reconnect attempt (the first is immediate); it doubles up to {@link #reconnectMax}. */
  public Duration reconnectInitial() { return reconnectInitial; }
  /** The longest delay between reconnect attempts. */
  public Duration reconnectMax() { return reconnectMax; }
  /** Who is told of the session's state changes, or {@code null}. */
  public SessionListener listener() { return listener; }
  /** What creates the session's {@link SessionObserver}, or {@code null}. */
  public SessionObserver.Factory observer() { return observer; }

  /**
   * The subprotocols the handshake offers: for the extended mode {@code libchan4j.compat, libchan4j.v1} first (in
   * that order, so that a jschan server, which echoes the first offer, keeps the compat framing; PROTOCOL.md 1.2),
   * then the application's own.
   */
  public List<String> offeredSubprotocols() {
    if (mode != SessionOptions.Mode.EXTENDED) return subprotocols;
    List<String> all = new ArrayList<>();
    all.add(SessionOptions.Mode.COMPAT.subprotocol());
    all.add(SessionOptions.Mode.EXTENDED.subprotocol());
    all.addAll(subprotocols);
    return List.copyOf(all);
  }

  /** Builder for {@link ClientOptions}. */
  public static final class Builder {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private SSLContext sslContext;
    private Limits limits = Limits.defaults();
    private GsonBuilder gson;
    private Executor executor;
    private SessionOptions.Mode mode = SessionOptions.Mode.EXTENDED;
    private int channelCapacity = Options.CHANNEL_CAPACITY;
    private int streamWindow = Options.STREAM_WINDOW;
    private Duration keepAlive = Options.KEEP_ALIVE;
    private Duration resumeWindow = Options.RESUME_WINDOW;
    private int replayWindow = Options.REPLAY_WINDOW;
    private Duration reconnectInitial = Options.RECONNECT_INITIAL;
    private Duration reconnectMax = Options.RECONNECT_MAX;
    private SessionListener listener;
    private SessionObserver.Factory observer;

    /**
     * {@link SessionOptions.Mode#EXTENDED} (the default) offers the extended protocol (flow control with Go channel
     * semantics, errors, cancel, keepalive) and falls back to the compat framing when the server does not select
     * it; {@link SessionOptions.Mode#COMPAT} offers nothing, exactly as a jschan client.
     */
    public Builder mode(SessionOptions.Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Extended mode: the capacity of the channels the client reads, announced to the server (see
     * {@link SessionOptions.Builder#channelCapacity}): 0 makes the server's sends to them rendezvous with the
     * client's receives. Default 1,024.
     */
    public Builder channelCapacity(int capacity) {
      this.channelCapacity = Options.channelCapacity(capacity);
      return this;
    }

    /**
     * Extended mode: the byte window of streams the client reads (see {@link SessionOptions.Builder#streamWindow}).
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
     * Extended mode: resumable sessions (PROTOCOL.md section 14.6). When the connection drops (no close handshake,
     * an I/O error, a keepalive timeout) the session is suspended, not failed: the client reconnects to the same
     * URI with the same headers and TLS settings, with backoff ({@link #reconnectBackoff}), and resumes it within
     * {@code window}; channels stay open and nothing is lost, duplicated or reordered. A session that cannot be
     * resumed in time fails with {@link org.libchan4j.CloseCodes#ABNORMAL}; one the server refuses (expired, other
     * identity) fails with {@link org.libchan4j.CloseCodes#RESUME_REFUSED}, and so do its channels. Needs a server
     * with resumption (libchan4j's default). Default 30 s; {@link Duration#ZERO} disables it.
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
     * Reconnect pacing after a drop: the first attempt is immediate, then {@code initial}, doubling up to
     * {@code max}, each with up to 20% random jitter so clients dropped together do not return together. Each
     * attempt waits for its handshake at most the {@link #connectTimeout} capped at 5 s (a connection lost in a
     * restarting proxy's backlog must not use up the resume window). Default 100 ms and 5 s.
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      Options.reconnectBackoff(initial, max);
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    private Builder() {}

    /** Adds a handshake header, e.g. {@code header("Authorization", "Bearer ...")}. */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The application's own subprotocols to offer, in preference order, after libchan4j's (see
     * {@link ClientOptions#offeredSubprotocols()}). Default none. A WebSocket carries one subprotocol: if the server
     * picks one of these, the session speaks the compat mode.
     */
    public Builder subprotocols(String... protocols) {
      subprotocols.clear();
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /**
     * Bound on the TCP connect and TLS handshake, and then again on the wait for the server's upgrade response.
     * Default 30 s.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Options.positive("connectTimeout", timeout);
      return this;
    }

    /** Trust the certificates of a truststore (PKCS12 or JKS, by content) instead of the JDK's defaults. */
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

    /** A ready TLS context (client certificates, custom trust). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Limits on what the server may send. Default {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The Gson configuration the session binds messages with. */
    public Builder gson(GsonBuilder gson) {
      this.gson = Objects.requireNonNull(gson, "gson");
      return this;
    }

    /** The session's helper executor (see {@link org.libchan4j.SessionOptions.Builder#executor}). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Told when the session connects, is suspended (the connection dropped; the client is reconnecting), is resumed
     * and closes with its code and reason; see {@link SessionListener} for the order and threading (callbacks run on
     * the {@link #executor executor}, or a library daemon thread, never on the shared WebSocket threads). Default none.
     */
    public Builder listener(SessionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates the session's observer: its lifecycle (opened, suspended while reconnecting, resumed, closed with its
     * code) and traffic (channels, messages and bytes in and out), told inline on the library's threads, for
     * metrics (the {@code libchan4j-micrometer} module provides one); see {@link SessionObserver}. Default none.
     */
    public Builder observer(SessionObserver.Factory observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(this);
    }
  }
}
