package org.libchan4j.internal.session;

import java.time.Clock;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.binding.Binder;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.internal.engine.ExtendedMode;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * Internal: the JVM session. Every engine call happens under {@link #lock}; completions produced meanwhile are
 * deferred and run after the lock is released, so application continuations never run under it.
 */
public final class SessionImpl implements Session, Engine.Listener {
  private static final System.Logger LOG = System.getLogger(SessionImpl.class.getName());

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** Told when a resumable session lost its connection; it brings a new one ({@link #resume}) or lets it expire. */
  public interface Resumer {
    /** The session is suspended; called without the session's lock held. */
    void suspended(SessionImpl session, String why);
  }

  private final SessionLock sync = new SessionLock(this);
  final Object lock = sync.monitor;
  /** The current connection, null while suspended (written under lock; read by flushes outside it). */
  volatile Transport transport;
  /** Send completions held while the transport is not writable (guarded by lock). */
  private final WriteGate writeGate;
  private final long maxWriteStallMillis;
  Link link;
  private final long resumeWindowMillis;
  private Resumption resumption;
  private final Role role;
  final Engine engine;
  private final Binder binder;
  private final BufferAccount account;
  private final RefWiring wiring;
  private final MessageQueue accepted = new MessageQueue(Long.MAX_VALUE);
  private final int maxOpenChannels;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  final Clock clock;
  private final SessionOptions.Mode mode;
  private ScheduledFuture<?> keepAliveTask;
  volatile SessionClosedException closed;

  private SessionImpl(Transport transport, SessionOptions options) {
    this.transport = transport;
    this.resumeWindowMillis = options.mode() == SessionOptions.Mode.EXTENDED ? options.resumeWindow().toMillis() : 0;
    this.role = options.role();
    this.mode = options.mode();
    this.clock = options.clock();
    Limits limits = options.limits();
    this.account = new BufferAccount(limits.maxBufferedBytes());
    this.maxOpenChannels = limits.maxOpenChannels();
    this.maxWriteStallMillis = limits.maxWriteStallMillis();
    this.writeGate = new WriteGate(maxWriteStallMillis, this::stalled);
    ExtendedMode ext = null;
    if (options.mode() == SessionOptions.Mode.EXTENDED) {
      boolean resume = resumeWindowMillis > 0;
      ext = new ExtendedMode(options.channelCapacity(), options.streamWindow(), options.keepAlive().toMillis(),
          resume ? options.replayWindow() : 0, resume && role == Role.SERVER ? newToken() : null);
    }
    this.engine = new Engine(role == Role.CLIENT, ext, limits, this, this::output);
    this.binder = new Binder(options.gson(), new RefResolution());
    this.wiring = new RefWiring(this, engine, options.executor());
  }

  public static Session open(Transport transport, SessionOptions options) {
    return open(transport, options, null);
  }

  /**
   * Opens a session; with {@code resumer} (and {@link SessionOptions#resumeWindow()} set, extended mode) a dropped
   * connection suspends the session and asks the resumer for a new one.
   */
  public static SessionImpl open(Transport transport, SessionOptions options, Resumer resumer) {
    SessionImpl session = new SessionImpl(transport, options);
    session.resumption = new Resumption(session, session.resumeWindowMillis, resumer);
    Link link = session.new Link();
    session.link = link;
    session.withLock(() -> {
      session.engine.start(session.clock.millis());
      return null;
    });
    transport.start(link);
    long period = SessionRules.tickPeriod(options.keepAlive().toMillis(), session.resumeWindowMillis);
    if (options.mode() == SessionOptions.Mode.EXTENDED && period > 0) {
      ScheduledFuture<?> task = KeepAlive.SCHEDULER.scheduleAtFixedRate(session::tick, period, period,
          TimeUnit.MILLISECONDS);
      synchronized (session.lock) {
        session.keepAliveTask = task;
        if (session.closed != null) task.cancel(false);
      }
    }
    return session;
  }

  /** The wire protocol this session speaks. */
  public SessionOptions.Mode mode() {
    return mode;
  }

  /**
   * Runs keepalive against the session's clock now (the scheduler calls it periodically; tests with a fake clock
   * call it after advancing the clock). A silent peer fails the session with {@link CloseCodes#KEEPALIVE_TIMEOUT}.
   */
  public void tick() {
    String expired;
    try {
      expired = withLock(() -> {
        if (closed != null) return null;
        long now = clock.millis();
        String why = resumption.expired(now);
        if (why != null) return why;
        // While a resume handshake is under way keepalive still watches the new connection (4000 drops it).
        if (link != null) engine.tick(now);
        return null;
      });
    } catch (ProtocolException e) {
      if (e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT && resumption.drop(e.getMessage())) return;
      LOG.log(System.Logger.Level.WARNING, "closing " + role + " session: " + e.getMessage());
      terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
      return;
    }
    if (expired != null) {
      terminate(new SessionClosedException(CloseCodes.ABNORMAL, "connection lost (" + expired
          + ") and not resumed within " + resumeWindowMillis + " ms", null), CloseCodes.ABNORMAL, "", false);
    }
  }

  // ------------------------------------------------------------------ resumption

  private static String newToken() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Engine output: queued on the current connection, if any, and flushed once the lock is released. */
  private void output(byte[] frame) {
    Transport t = transport;
    if (t != null) {
      t.send(frame);
      sync.queued();
    }
  }

  /** Writes what the engine queued (never under the lock). */
  void flushTransport() {
    Transport t = transport;
    if (t != null) t.flush();
  }

  /** The transport's writer writes what is queued soon (see {@link FlushScope}). */
  void scheduleFlush() {
    Transport t = transport;
    if (t != null) t.scheduleFlush();
  }

  /**
   * Backpressure (both modes): while the transport holds more than its high-water mark unsent, a send's future
   * also waits for the transport to drain ({@link TransportListener#onWritable}). Under the lock.
   */
  private CompletableFuture<Void> gate(CompletableFuture<Void> sent) {
    Transport t = transport;
    if (t == null || t.isWritable() || closed != null) return sent;
    return writeGate.hold(sent);
  }

  /** The transport did not drain within maxWriteStallMillis while sends waited: the peer stopped reading. */
  private void stalled() {
    Transport t;
    synchronized (lock) {
      if (closed != null || !writeGate.isHolding()) return;
      t = transport;
    }
    String reason = "the peer read nothing of what was queued to it for " + maxWriteStallMillis
        + " ms (maxWriteStallMillis)";
    LOG.log(System.Logger.Level.WARNING, "closing " + role + " session: " + reason);
    terminate(new SessionClosedException(CloseCodes.POLICY_VIOLATION, "session failed: " + reason, null),
        CloseCodes.POLICY_VIOLATION, reason, false);
    if (t != null) t.abort(CloseCodes.POLICY_VIOLATION, reason);
  }

  /** The transport drained: release the sends held by {@link #gate}. */
  private void onWritable(Link from) {
    List<CompletableFuture<Void>> released;
    synchronized (lock) {
      if (link != from) return;
      released = writeGate.release();
    }
    if (released.isEmpty()) return;
    FlushScope.current().run(() -> {
      for (CompletableFuture<Void> f : released) f.complete(null);
      return null;
    });
  }

  /** Server: the token this session announced in its hello ({@code null} without resumption). */
  String ownToken() {
    return withLock(engine::resumeToken);
  }

  /** True once both hellos agreed on resumption. */
  boolean isResumable() {
    return withLock(engine::isResumable);
  }

  /** The server's resume token once both hellos agreed on resumption, else {@code null}. */
  public String resumeToken() {
    return withLock(() -> engine.isResumable() ? engine.resumeToken() : null);
  }

  /** True from a drop until the session is resumed. */
  public boolean isSuspended() {
    return resumption.isSuspended();
  }

  /** True while the session is suspended with no connection attempt attached ({@link #resume} is due). */
  public boolean needsConnection() {
    return resumption.needsConnection();
  }

  /**
   * Client: attaches a new connection to this suspended session and asks the server to resume it. The session goes
   * on when the server's {@code resumed} arrives; if the server refuses, the connection closes with
   * {@link CloseCodes#RESUME_REFUSED} and the session fails with that cause.
   *
   * @return false (and the connection is closed) when the session has ended meanwhile
   */
  public boolean resume(Transport next) {
    return resumption.resume(next);
  }

  /**
   * Server: a new connection, already started and delivering to nothing yet, asked to resume this session with
   * {@code peerReceived} frames received. Replaces the current connection if the drop went unnoticed.
   *
   * @return false when the session can no longer be resumed (the caller refuses the connection)
   */
  public boolean acceptResume(Transport next, long peerReceived) {
    return resumption.acceptResume(next, peerReceived);
  }

  /**
   * One connection of the session (one instance per connection; identity is what matters): events from a
   * connection that is no longer current are ignored.
   */
  final class Link implements TransportListener {

    @Override
    public void onMessage(byte[] message) {
      FlushScope.current().run(() -> {
        SessionImpl.this.onMessage(this, message);
        return null;
      });
    }

    @Override
    public void onClosed(int code, String reason, Throwable cause) {
      SessionImpl.this.onClosed(this, code, reason, cause);
    }

    @Override
    public void onWritable() {
      SessionImpl.this.onWritable(this);
    }

    SessionImpl session() {
      return SessionImpl.this;
    }
  }

  Link newLink() {
    return new Link();
  }

  /** For lock-discipline checks: the session a transport listener belongs to, or {@code null}. */
  public static SessionImpl ownerOf(TransportListener listener) {
    return listener instanceof Link ? ((Link) listener).session() : null;
  }

  // ------------------------------------------------------------------ Session

  @Override
  public <T> Sender<T> newSender(Class<T> type) {
    return newSender((Type) type);
  }

  @Override
  public <T> Sender<T> newSender(Type type) {
    return local(() -> {
      Chan chan = engine.openChannel(null);
      RemoteSender<T> sender = new RemoteSender<T>(this, chan).typed(type);
      chan.setHandler(sender);
      chan.attachment = sender;
      return sender;
    });
  }

  @Override
  public <T> Receiver<T> accept(Class<T> type) throws InterruptedException {
    return accept((Type) type);
  }

  @Override
  public <T> Receiver<T> accept(Type type) throws InterruptedException {
    RemoteReceiver<?> next = (RemoteReceiver<?>) accepted.take();
    return next.typed(type);
  }

  @Override
  public <T> CompletableFuture<Receiver<T>> acceptAsync(Type type) {
    return accepted.takeAsync().thenApply(r -> ((RemoteReceiver<?>) r).typed(type));
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public boolean isOpen() {
    return closed == null;
  }

  @Override
  public Role role() {
    return role;
  }

  @Override
  public void close() {
    close(CloseCodes.NORMAL, "");
  }

  @Override
  public void close(int code, String reason) {
    terminate(new SessionClosedException(code, "session closed by this side (" + CloseCodes.name(code)
        + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")", null), code, reason, true);
  }

  @Override
  public String toString() {
    return "Session(" + role + (closed == null ? ", open)" : ", closed)");
  }

  // ------------------------------------------------------------------ transport events

  private void onMessage(Link from, byte[] message) {
    try {
      withLock(() -> {
        if (link != from) return null; // a replaced connection
        engine.receive(message, 0, message.length);
        resumption.checkResumed();
        return null;
      });
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.WARNING, "closing " + role + " session: " + e.getMessage());
      terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
    } catch (SessionClosedException e) {
      // Already closed: late messages are dropped.
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "internal error in " + role + " session", e);
      terminate(new SessionClosedException(CloseCodes.INTERNAL_ERROR, "session failed: internal error: " + e, e),
          CloseCodes.INTERNAL_ERROR, "internal error", true);
    }
  }

  private void onClosed(Link from, int code, String reason, Throwable cause) {
    boolean suspended;
    synchronized (lock) {
      if (link != from) return; // a replaced connection, or one dropped already
      // A drop (no close handshake, an I/O failure, a keepalive timeout) of a resumable session suspends it.
      suspended = resumption.suspendOnClose(code, reason, cause);
    }
    if (suspended) {
      resumption.suspended();
      return;
    }
    String by = cause != null ? "transport failure: " + cause : "the peer";
    terminate(new SessionClosedException(code, "session closed by " + by + " (" + CloseCodes.name(code)
        + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")", cause), code, reason, false);
  }

  void terminate(SessionClosedException cause, int code, String reason, boolean closeTransport) {
    List<Runnable> todo;
    synchronized (lock) {
      if (closed != null) return;
      closed = cause;
      engine.close(cause);
      defer(accepted.fail(cause));
      for (CompletableFuture<Void> f : writeGate.release()) defer(() -> f.completeExceptionally(cause));
      todo = sync.drain();
    }
    FlushScope.current().run(todo);
    Transport t;
    synchronized (lock) {
      t = transport;
    }
    if (closeTransport && t != null) t.close(code, SessionRules.truncateReason(reason));
    if (SessionRules.isOrderly(code) && cause.getCause() == null) closeFuture.complete(null);
    else closeFuture.completeExceptionally(cause);
    ScheduledFuture<?> task;
    synchronized (lock) {
      task = keepAliveTask;
    }
    if (task != null) task.cancel(false);
    wiring.shutdown();
  }


  // ------------------------------------------------------------------ engine listener

  @Override
  public void onInboundChannel(Chan chan) {
    // Channels waiting for accept() count even once ended and freed from the id table: otherwise a peer opening and
    // ending channels without end would queue them without bound for an application that does not accept them.
    if (accepted.size() >= maxOpenChannels) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer opened more than maxOpenChannels "
          + maxOpenChannels + " channels that were not accepted yet");
    }
    RemoteReceiver<Object> receiver = new RemoteReceiver<>(this, chan);
    chan.setHandler(receiver);
    chan.attachment = receiver;
    defer(accepted.offer(receiver));
  }

  @Override
  public void onReference(Chan chan) {
    ChanHandler handler;
    switch (chan.kind()) {
      case IN:
        handler = new RemoteReceiver<>(this, chan);
        break;
      case OUT:
        handler = new RemoteSender<>(this, chan);
        break;
      default:
        handler = new RemoteByteStream(this, chan);
    }
    chan.setHandler(handler);
    chan.attachment = handler;
  }

  // ------------------------------------------------------------------ binding

  Object bind(Object tree, Type type) {
    return binder.fromTree(tree, type);
  }

  BufferAccount account() {
    return account;
  }

  // ------------------------------------------------------------------ sending

  /** Sends one message; the future completes when flow control counts it as sent (see {@link Engine#completed}). */
  CompletableFuture<Void> send(Chan chan, Object message, Type type, Completions completions) {
    Object tree = binder.toTree(message, type);
    List<Runnable> started = new ArrayList<>();
    CompletableFuture<Void> done = local(() -> {
      long seq = engine.send(chan, wiring.replaceRefs(tree, started));
      return gate(completions.track(seq, engine.completed(chan)));
    });
    started.forEach(Runnable::run);
    return done;
  }

  /** Engine progress of a writing direction; only under the lock (from handler callbacks). */
  long completed(Chan chan) {
    return engine.completed(chan);
  }

  /** The application took {@code n} messages or bytes from a reading direction: return credit (extended mode). */
  void consumed(Chan chan, long n) {
    ifOpen(() -> engine.consumed(chan, n));
  }

  /**
   * This side will never write on a stream's direction. Compat mode sends no END for it, since a jschan session
   * processes no frame after a byte-stream END; extended mode ends it at once.
   */
  void abandonOutput(Chan chan) {
    ifOpen(() -> engine.abandonOutput(chan));
  }

  /** This side stopped reading a stream: cancel the writer (extended mode). */
  void cancelInput(Chan chan) {
    ifOpen(() -> engine.cancelInput(chan));
  }

  /** Fails what this side writes on {@code chan} (extended mode; compat ends it). */
  void fail(Chan chan, int code, String message) {
    ifOpen(() -> engine.fail(chan, code, message));
  }

  /** Ends what this side writes on {@code chan} (or stops reading it). */
  void end(Chan chan) {
    ifOpen(() -> engine.end(chan));
  }

  /** An engine operation that is quiet once the session has ended. */
  private void ifOpen(Runnable op) {
    withLock(() -> {
      if (closed == null) op.run();
      return null;
    });
  }

  /** A local operation; a {@link ProtocolException} from it (id space exhausted) ends the session. */
  private <R> R local(Supplier<R> action) {
    try {
      return withLock(action);
    } catch (ProtocolException e) {
      terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
      throw e;
    }
  }

  CompletableFuture<Void> sendBytes(Chan chan, byte[] bytes, int off, int len, Completions completions) {
    return withLock(() -> gate(completions.track(engine.sendBytes(chan, bytes, off, len), engine.completed(chan))));
  }

  // ------------------------------------------------------------------ locking

  void defer(Runnable completion) {
    sync.defer(completion);
  }

  <R> R withLock(Supplier<R> action) {
    return sync.run(action);
  }

  /** For tests and lock-discipline checks: true while the calling thread holds this session's lock. */
  public boolean holdsLock() {
    return sync.isHeldByCurrentThread();
  }

  /** For tests: channels and streams open in the engine. */
  public int openChannelCount() {
    return withLock(engine::openCount);
  }

  /** For tests: bytes of sent frames the peer has not acknowledged (resumption's replay buffer). */
  public long replayBytes() {
    return withLock(engine::replayBytes);
  }

  /** For tests: bytes received and not yet read by the application. */
  public long bufferedBytes() {
    return account.used();
  }
}
