package org.libchan4j.server;

import com.google.gson.GsonBuilder;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.Options;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * The libchan4j WebSocket endpoint: every accepted connection becomes a server-side {@link Session} handed to a
 * {@link SessionHandler}. {@link ChanServer} embeds it; {@link ChanUpgradeFilter} deploys the same endpoint in a
 * servlet container with Jakarta WebSocket 2.1 or later (Tomcat 10.1+, Jetty 12 ee10, Spring Boot's servers).
 *
 * <h2>Deploying in a servlet container</h2>
 * Map a {@link ChanUpgradeFilter} to {@link #path()}; it applies the handshake rules below, answering refusals with
 * their own status, and upgrades accepted requests itself. Call {@link #shutdown} while the container's connections
 * are still open, so that every client gets 1001. Embedded Tomcat, as the container tests run it:
 * <pre>{@code
 * ChanEndpoint chan = ChanEndpoint.builder((session, handshake) -> {
 *       for (Request r : session.accept(Request.class)) r.reply().send(handle(r));
 *     })
 *     .build();
 * Context context = tomcat.addContext("", null);
 * context.addServletContainerInitializer(new WsSci(), null); // Tomcat's Jakarta WebSocket container
 * context.addServletContainerInitializer((classes, servletContext) -> {
 *   servletContext.addFilter("libchan4j", new ChanUpgradeFilter(chan))
 *       .addMappingForUrlPatterns(null, false, chan.path());
 *   servletContext.addListener(new ServletContextListener() { // Tomcat pauses its connectors before this
 *     public void contextDestroyed(ServletContextEvent e) { chan.shutdown(Duration.ofSeconds(5)); }
 *   });
 * }, null);
 * Tomcat.addServlet(context, "default", new DefaultServlet()); // Tomcat filters only requests a servlet maps
 * context.addServletMappingDecoded("/", "default");
 * }</pre>
 * Jetty 12 stops its connectors before its contexts: shut the endpoint down from the server's
 * {@code LifeCycle.Listener.lifeCycleStopping}; Spring Boot's web server closes its connections before the servlet
 * context is destroyed: shut it down from a {@code SmartLifecycle} bean (the README shows both). Depend on this
 * module without Tyrus, Grizzly and {@code jakarta.websocket}: the container brings its own WebSocket API. The
 * handshake timeout of {@link ChanServer} (slow or silent clients) is then the container's: configure its
 * connection and header read timeouts.
 *
 * <p>{@link #serverEndpointConfig()} registered with a container's {@code ServerContainer.addEndpoint} (or
 * returned from a {@code ServerApplicationConfig}) deploys the endpoint too, and on Tyrus that is the whole story.
 * Elsewhere the Jakarta API cannot carry a refusal's status: a refused handshake gets the container's own error
 * status (500 in Tomcat and Jetty), and {@link HandshakeInfo#remoteAddress()} is null for the authenticator.
 *
 * <h2>Handshake</h2>
 * In order: refused with 503 while shutting down; the {@link OriginPolicy} (default same origin; no
 * {@code Origin} header allowed) refuses with 403; the subprotocol is chosen; the {@link Authenticator} may refuse
 * with any 4xx/5xx. Hooks run on the container's thread (its I/O thread in {@link ChanServer}) and must not block.
 *
 * <h2>Threading</h2>
 * Opening the session and {@link SessionHandler#onSession} run on the {@link Builder#executor executor}, never on
 * a container thread. The default executor, owned by this endpoint and stopped by {@link #shutdown}, starts a
 * thread per task: a virtual thread on Java 21 and later (so a blocking handler per session costs heap, not a
 * platform thread; its blocking calls park without pinning a carrier), a daemon platform thread from a cached
 * pool on Java 17-20 or with {@code -Dlibchan4j.virtualThreads=false}. An executor you pass is yours to stop. It
 * is also the sessions'
 * {@link SessionOptions#executor()}, where their {@link Builder#listener listener} is called (after a shutdown
 * stopped the owned pool, on a library daemon thread).
 *
 * <h2>Limits</h2>
 * {@link Limits#maxMessageBytes()} is enforced per WebSocket message (close 1009), {@link Limits#maxBufferedBytes()}
 * bounds each session's outbound queue (close 1008 "outbound buffer exceeded"); a text message closes with 1003.
 * The session engine enforces the rest. A violation closes only that session and is logged. In {@link ChanServer} a
 * single frame above the limit is refused as soon as its header arrives; in another container, frames beyond the
 * container's own buffer limits are handled (and closed) by the container before this endpoint sees them.
 */
public final class ChanEndpoint {
  private static final System.Logger LOG = System.getLogger(ChanEndpoint.class.getName());

  private final String path;
  private final SessionHandler handler;
  private final Authenticator authenticator;
  private final OriginPolicy originPolicy;
  private final List<String> subprotocols;
  private final boolean extendedMode;
  private final java.time.Duration keepAlive;
  private final java.time.Duration resumeWindow;
  private final int replayWindow;
  private final int channelCapacity;
  private final int streamWindow;
  private final org.libchan4j.internal.session.ResumeRegistry resumable;
  private final BiFunction<List<String>, List<String>, String> subprotocolSelector;
  private final Limits limits;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final GsonBuilder gson;
  private final SessionListener listener;
  private final SessionObserver.Factory observer;
  private final ConnectionHandler connectionHandler;
  private final Set<WebSocketTransport> open = ConcurrentHashMap.newKeySet();
  private final Map<String, WebSocketTransport> byConnectionId = new ConcurrentHashMap<>();
  private volatile boolean shuttingDown;
  /** The embedded server's lingering close by connection id, or null (another container closes on its own). */
  private volatile ConnectionCloser connectionCloser;

  /** Closes an embedded server's connection with a close frame and a lingering close; false if it cannot. */
  interface ConnectionCloser {
    boolean close(String connectionId, int code, String reason);
  }

  private ChanEndpoint(Builder b) {
    this.path = b.path;
    this.handler = b.handler;
    this.authenticator = b.authenticator;
    this.originPolicy = b.originPolicy;
    this.subprotocols = List.copyOf(b.subprotocols);
    this.subprotocolSelector = b.subprotocolSelector;
    this.limits = b.limits;
    this.gson = b.gson;
    this.listener = b.listener;
    this.observer = b.observer;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = org.libchan4j.internal.Threads.newExecutor("libchan4j-session-", 60);
      this.executor = ownedExecutor;
    }
    this.connectionHandler = b.connectionHandler != null ? b.connectionHandler : this::openSession;
    this.extendedMode = b.extendedMode;
    this.keepAlive = b.keepAlive;
    this.resumeWindow = b.resumeWindow;
    this.replayWindow = b.replayWindow;
    this.channelCapacity = b.channelCapacity;
    this.streamWindow = b.streamWindow;
    // A client says hello at once; give a silent one what keepalive would (two intervals), or 60 s without it.
    this.resumable = new org.libchan4j.internal.session.ResumeRegistry(limits,
        keepAlive.isZero() ? java.time.Duration.ofSeconds(60) : keepAlive.multipliedBy(2));
  }

  /** Whether clients offering {@code libchan4j.v1} get the extended mode. */
  boolean extendedMode() {
    return extendedMode;
  }

  /** A builder for an endpoint whose sessions go to {@code handler}. */
  public static Builder builder(SessionHandler handler) {
    return new Builder(handler);
  }

  /**
   * The endpoint as a standard {@code ServerEndpointConfig} at {@link #path()}: register it with any
   * {@code jakarta.websocket.server.ServerContainer}. Each call returns a new config bound to this endpoint.
   */
  public ServerEndpointConfig serverEndpointConfig() {
    return endpointConfig(null);
  }

  /** The config {@link ChanUpgradeFilter} upgrades one request with, whose handshake it has accepted. */
  ServerEndpointConfig endpointConfig(HandshakeInfo accepted) {
    return ServerEndpointConfig.Builder.create(ChanWebSocketEndpoint.class, path)
        .subprotocols(supportedSubprotocols())
        .configurator(new ChanConfigurator(this, accepted))
        .build();
  }

  /** Every subprotocol this endpoint speaks: the libchan4j modes first, then the application's. */
  List<String> supportedSubprotocols() {
    List<String> all = new java.util.ArrayList<>();
    if (extendedMode) all.add(SessionOptions.Mode.EXTENDED.subprotocol());
    all.add(SessionOptions.Mode.COMPAT.subprotocol());
    all.addAll(subprotocols);
    return all;
  }

  /** The WebSocket path, e.g. {@code /chan}. */
  public String path() { return path; }

  /** The limits each session runs with. */
  public Limits limits() { return limits; }

  /** How many WebSocket connections are open right now. */
  public int openConnections() { return open.size(); }

  /** True once {@link #shutdown} began: new handshakes are refused with 503. */
  public boolean isShuttingDown() { return shuttingDown; }

  /**
   * Graceful shutdown: refuses new handshakes, closes every open session with {@link CloseCodes#GOING_AWAY} (queued
   * messages are flushed first), waits up to {@code timeout} for the closes to complete and for handler tasks on
   * the owned executor to finish, then interrupts what is left. Idempotent.
   *
   * @return true if everything ended within the timeout
   */
  public boolean shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    shuttingDown = true;
    for (WebSocketTransport t : open) t.close(CloseCodes.GOING_AWAY, "server shutting down");
    resumable.closeAll(CloseCodes.GOING_AWAY, "server shutting down"); // suspended ones have no connection
    synchronized (open) {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        try {
          TimeUnit.NANOSECONDS.timedWait(open, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    boolean clean = open.isEmpty();
    if (!clean) LOG.log(System.Logger.Level.WARNING, "{0} WebSocket sessions did not close within {1}", open.size(), timeout);
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!ownedExecutor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          clean = false;
          LOG.log(System.Logger.Level.WARNING, "session handlers still running after {0}; interrupting them", timeout);
          ownedExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedExecutor.shutdownNow();
        Thread.currentThread().interrupt();
        clean = false;
      }
    }
    return clean;
  }

  Authenticator authenticator() { return authenticator; }
  OriginPolicy originPolicy() { return originPolicy; }
  BiFunction<List<String>, List<String>, String> subprotocolSelector() { return subprotocolSelector; }

  /** The embedded server's frame guard refused a frame on connection {@code id} (too big, unmasked). */
  boolean frameRefused(String id, int code, String reason) {
    WebSocketTransport t = byConnectionId.get(id);
    if (t == null) return false;
    t.fail(code, reason);
    return true;
  }

  /** The embedded server closes its connections itself (a lingering close). */
  void closeConnectionsWith(ConnectionCloser closer) {
    this.connectionCloser = closer;
  }

  /** Whether the embedded server's connection {@code id} is an open WebSocket session of this endpoint. */
  boolean isOpenConnection(String id) {
    return byConnectionId.containsKey(id);
  }

  /** A connection opened (container thread): track it and continue on the executor. */
  void opened(WebSocketTransport t, HandshakeInfo info, String connectionId) {
    ConnectionCloser closer = connectionCloser;
    if (connectionId != null && closer != null) t.closeWith((code, reason) -> closer.close(connectionId, code, reason));
    if (connectionId != null) byConnectionId.put(connectionId, t);
    t.onClosedHook(closed -> {
      if (connectionId != null) byConnectionId.remove(connectionId);
      open.remove(closed);
      synchronized (open) {
        open.notifyAll();
      }
    });
    open.add(t);
    if (t.isClosed()) {
      open.remove(t);
      if (connectionId != null) byConnectionId.remove(connectionId);
    }
    if (shuttingDown) {
      t.close(CloseCodes.GOING_AWAY, "server shutting down");
      return;
    }
    try {
      executor.execute(() -> {
        try {
          connectionHandler.onConnection(t, info);
        } catch (Throwable e) {
          LOG.log(System.Logger.Level.ERROR, "session handler failed for " + info, e);
          t.close(CloseCodes.INTERNAL_ERROR, "session handler failed");
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "executor refused a new session ({0}); closing it", info);
      t.close(shuttingDown ? CloseCodes.GOING_AWAY : 1013 /* try again later */, "server overloaded");
    }
  }

  /** Resumable sessions open or suspended now (PROTOCOL.md section 14.6). */
  public int resumableSessions() {
    return resumable.size();
  }

  private void openSession(WebSocketTransport t, HandshakeInfo info) throws Exception {
    SessionOptions.Builder options = SessionOptions.builder(Session.Role.SERVER).limits(limits).executor(executor)
        .mode(SessionOptions.Mode.ofSubprotocol(info.subprotocol())).keepAlive(keepAlive)
        .resumeWindow(resumeWindow).replayWindow(replayWindow).channelCapacity(channelCapacity)
        .streamWindow(streamWindow);
    if (gson != null) options.gson(gson);
    if (listener != null) options.listener(listener);
    if (observer != null) options.observer(observer);
    SessionOptions built = options.build();
    if (built.mode() == SessionOptions.Mode.EXTENDED && !resumeWindow.isZero()) {
      // The first message decides: a resume request resumes a suspended session of the same principal, anything
      // else opens a new session (whose handler then runs on the executor).
      resumable.accept(t, info.principal(), connection -> {
        org.libchan4j.internal.session.SessionImpl session =
            org.libchan4j.internal.session.SessionImpl.open(connection, built, (s, why) -> { });
        executor.execute(() -> runHandler(session, info));
        return session;
      });
      return;
    }
    runHandler(Session.open(t, built), info);
  }

  private void runHandler(Session session, HandshakeInfo info) {
    try {
      handler.onSession(session, info);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "session handler failed for " + info, e);
      session.close(CloseCodes.INTERNAL_ERROR, "session handler failed");
    }
  }

  /** Builder for {@link ChanEndpoint}. */
  public static final class Builder {
    private final SessionHandler handler;
    private String path = "/chan";
    private Authenticator authenticator = Authenticator.ALLOW_ALL;
    private OriginPolicy originPolicy = OriginPolicy.sameOrigin();
    private List<String> subprotocols = List.of();
    private BiFunction<List<String>, List<String>, String> subprotocolSelector = Builder::clientPreference;
    private Limits limits = Limits.defaults();
    private Executor executor;
    private GsonBuilder gson;
    private SessionListener listener;
    private SessionObserver.Factory observer;
    private ConnectionHandler connectionHandler;
    private boolean extendedMode = true;
    private java.time.Duration keepAlive = Options.KEEP_ALIVE;
    private java.time.Duration resumeWindow = Options.RESUME_WINDOW;
    private int replayWindow = Options.REPLAY_WINDOW;
    private int channelCapacity = Options.CHANNEL_CAPACITY;
    private int streamWindow = Options.STREAM_WINDOW;

    private Builder(SessionHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The WebSocket path; must start with {@code /}. Default {@code /chan}. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
      this.path = path;
      return this;
    }

    /** Authenticates handshakes before the upgrade. Default: allow all. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Which Origins may connect. Default {@link OriginPolicy#sameOrigin()}. */
    public Builder originPolicy(OriginPolicy policy) {
      this.originPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Subprotocols this endpoint speaks, in preference order. Default none (jschan offers none). A client that offers
     * none of them still connects, with no subprotocol.
     */
    public Builder subprotocols(String... subprotocols) {
      this.subprotocols = List.of(subprotocols);
      return this;
    }

    /**
     * Chooses the subprotocol from (supported, requested-by-client); return {@code null} for none. Default: the
     * first protocol the client requested that is supported.
     */
    public Builder subprotocolSelector(BiFunction<List<String>, List<String>, String> selector) {
      this.subprotocolSelector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /**
     * Whether a client offering subprotocol {@code libchan4j.v1} gets the extended mode (flow control with Go
     * channel semantics, errors, cancel, keepalive; PROTOCOL.md section 14). Default true. Clients that offer
     * nothing (jschan) always get the compat mode.
     */
    public Builder extendedMode(boolean enabled) {
      this.extendedMode = enabled;
      return this;
    }

    /**
     * Extended mode: the keepalive interval of server sessions (see {@link SessionOptions.Builder#keepAlive}).
     * Default 25 s; {@link java.time.Duration#ZERO} disables it.
     */
    public Builder keepAlive(java.time.Duration interval) {
      this.keepAlive = Options.keepAlive(interval);
      return this;
    }

    /**
     * Extended mode: how long a session whose connection dropped stays resumable (PROTOCOL.md section 14.6). A
     * client that reconnects within it, authenticated as the same principal ({@link AuthResult#allow(Object)};
     * principals are compared with {@code equals}), resumes the session with nothing lost; the
     * {@link SessionHandler} is not called again. Default 30 s; {@link java.time.Duration#ZERO} disables
     * resumption. Memory: a suspended session keeps its buffers and at most its replay window of sent frames.
     */
    public Builder resumeWindow(java.time.Duration window) {
      this.resumeWindow = Options.resumeWindow(window);
      return this;
    }

    /** Extended mode with resumption: see {@link SessionOptions.Builder#replayWindow}. Default 1 MiB. */
    public Builder replayWindow(int bytes) {
      this.replayWindow = Options.replayWindow(bytes);
      return this;
    }

    /**
     * Extended mode: the capacity of the channels server sessions read (see
     * {@link SessionOptions.Builder#channelCapacity}). Default 1,024.
     */
    public Builder channelCapacity(int capacity) {
      this.channelCapacity = Options.channelCapacity(capacity);
      return this;
    }

    /**
     * Extended mode: the byte window of server sessions' streams (see {@link SessionOptions.Builder#streamWindow}).
     * Default 1 MiB; at least 1024.
     */
    public Builder streamWindow(int bytes) {
      this.streamWindow = Options.streamWindow(bytes);
      return this;
    }

    /** Limits per session. Default {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Where sessions open and {@link SessionHandler}s run (one long task per session while the handler runs), and
     * the sessions' helper executor. Default: an owned executor with a virtual thread per task on Java 21+ and a
     * cached pool of daemon platform threads before (see the class's Threading section).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The Gson configuration sessions bind messages with (see {@link SessionOptions.Builder#gson}). */
    public Builder gson(GsonBuilder gson) {
      this.gson = Objects.requireNonNull(gson, "gson");
      return this;
    }

    /**
     * Told when each server session connects, is suspended (its connection dropped; the client may resume it
     * within the {@link #resumeWindow}), is resumed and closes with its code and reason: one listener for all of
     * this endpoint's sessions, told which one. Callbacks run on the {@link #executor executor}, never on a
     * container thread; see {@link SessionListener} for the order, threading and errors. Default none.
     */
    public Builder listener(SessionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates an observer for each server session: its lifecycle (opened, suspended, resumed, closed with its code)
     * and traffic (channels, messages and bytes in and out), told inline on the session's threads, for metrics
     * (the {@code libchan4j-micrometer} module provides one); see {@link SessionObserver}. Default none.
     */
    public Builder observer(SessionObserver.Factory observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Test seam: replace session opening with direct access to the transport. */
    Builder connectionHandler(ConnectionHandler h) {
      this.connectionHandler = Objects.requireNonNull(h, "connectionHandler");
      return this;
    }

    public ChanEndpoint build() {
      return new ChanEndpoint(this);
    }

    private static String clientPreference(List<String> supported, List<String> requested) {
      for (String r : requested) if (supported.contains(r)) return r;
      return null;
    }
  }
}
