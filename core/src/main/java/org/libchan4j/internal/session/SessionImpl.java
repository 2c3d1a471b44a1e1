package org.libchan4j.internal.session;

import java.time.Clock;
import java.time.Duration;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.internal.engine.ExtendedMode;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * Internal: the JVM session: the public API, the engine's listener, and the connection's events. Its parts: the
 * lock discipline ({@link SessionLock}), what channel ends ask ({@link ChanOps}), {@link WriteGate},
 * {@link Resumption}, {@link SessionTimer}, {@link RefWiring} and {@link RefResolution}.
 */
public final class SessionImpl implements Session, Engine.Listener {
  private static final System.Logger LOG = System.getLogger(SessionImpl.class.getName());

  /** Told when a resumable session lost its connection; it brings a new one ({@link #resume}) or lets it expire. */
  public interface Resumer {
    /** The session is suspended; called without the session's lock held. */
    void suspended(SessionImpl session, String why);
  }

  private final SessionLock sync = new SessionLock(this);
  final Object lock = sync.monitor;
  /** Where this session's lock sorts among the locks of a select (see {@link Choice}). */
  final long lockOrder = Choice.sessionOrder();
  /** Senders whose sends wait for room (guarded by lock). */
  final SendRoom sendRoom = new SendRoom();
  /** The current connection, null while suspended (written under lock; read by flushes outside it). */
  volatile Transport transport;
  /** Backpressure: send completions held while the transport is not writable (guarded by lock). */
  final WriteGate writeGate;
  Link link;
  private final long resumeWindowMillis;
  private Resumption resumption;
  private final Role role;
  final Engine engine;
  final Binder binder;
  private final BufferAccount account;
  final RefWiring wiring;
  /** What the channel ends ask of the engine. */
  final ChanOps ops = new ChanOps(this);
  private final Accepts accepts;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  final Clock clock;
  private final SessionOptions.Mode mode;
  private final SessionTimer timer = new SessionTimer(this);
  /** The listener's calls: recorded under the lock, run after it on the executor. */
  final SessionEvents events;
  /** The session's observer, or {@code null}: then nothing is reported (one final-field check per lock section). */
  final Observation observation;
  volatile SessionClosedException closed;

  private SessionImpl(Transport transport, SessionOptions options) {
    this.transport = transport;
    this.resumeWindowMillis = options.mode() == SessionOptions.Mode.EXTENDED ? options.resumeWindow().toMillis() : 0;
    this.role = options.role();
    this.mode = options.mode();
    this.clock = options.clock();
    Limits limits = options.limits();
    this.account = new BufferAccount(limits.maxBufferedBytes());
    this.accepts = new Accepts(this, limits.maxOpenChannels());
    this.writeGate = new WriteGate(this, limits.maxWriteStallMillis());
    ExtendedMode ext = null;
    if (options.mode() == SessionOptions.Mode.EXTENDED) {
      boolean resume = resumeWindowMillis > 0;
      ext = new ExtendedMode(options.channelCapacity(), options.streamWindow(), options.keepAlive().toMillis(),
          resume ? options.replayWindow() : 0, resume && role == Role.SERVER ? Resumption.newToken() : null);
    }
    this.engine = new Engine(role == Role.CLIENT, ext, limits, this, this::output);
    this.binder = new Binder(options.gson(), new RefResolution());
    this.wiring = new RefWiring(this, engine, options.executor());
    this.observation = Observation.create(options.observer(), role, mode);
    this.events = new SessionEvents(this, options.listener(), options.executor(), observation);
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
    Link link = session.newLink();
    session.link = link;
    session.withLock(() -> {
      session.engine.start(session.clock.millis());
      session.events.connected();
      session.defer(session.events::dispatch);
      return null;
    });
    transport.start(link);
    if (options.mode() == SessionOptions.Mode.EXTENDED) {
      session.timer.start(SessionRules.tickPeriod(options.keepAlive().toMillis(), session.resumeWindowMillis));
    }
    return session;
  }

  /** The wire protocol this session speaks. */
  public SessionOptions.Mode mode() {
    return mode;
  }

  /** Runs keepalive and the resume deadline at the session clock's now (tests with a fake clock call it). */
  public void tick() {
    timer.tick();
  }

  Resumption resumption() {
    return resumption;
  }

  SessionTimer timer() {
    return timer;
  }

  // ------------------------------------------------------------------ output

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

  // ------------------------------------------------------------------ resumption

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

  Link newLink() {
    return new Link(this);
  }

  /** For lock-discipline checks: the session a transport listener belongs to, or {@code null}. */
  public static SessionImpl ownerOf(TransportListener listener) {
    return listener instanceof Link ? ((Link) listener).session : null;
  }

  // ------------------------------------------------------------------ Session

  @Override
  public <T> Sender<T> newSender(Class<T> type) {
    return newSender((Type) type);
  }

  @Override
  public <T> Sender<T> newSender(Type type) {
    return ops.local(() -> {
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
    return accepts.accept(type);
  }

  @Override
  public <T> Receiver<T> accept(Type type, Duration timeout) throws InterruptedException {
    return accepts.accept(type, timeout);
  }

  @Override
  public <T> CompletableFuture<Receiver<T>> acceptAsync(Type type) {
    return accepts.acceptAsync(type);
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
  public State state() {
    if (closed != null) return State.CLOSED;
    return resumption.isSuspended() ? State.SUSPENDED : State.CONNECTED;
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

  void onMessage(Link from, byte[] message) {
    try {
      withLock(() -> {
        if (link != from) return null; // a replaced connection
        engine.receive(message, 0, message.length);
        resumption.checkResumed();
        sendRoom.serve();
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

  void onClosed(Link from, int code, String reason, Throwable cause) {
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
    Observation.Delta traffic;
    synchronized (lock) {
      if (closed != null) return;
      closed = cause;
      engine.close(cause);
      accepts.fail(cause);
      sendRoom.clear();
      for (CompletableFuture<Void> f : writeGate.release()) defer(() -> f.completeExceptionally(cause));
      todo = sync.drain();
      traffic = takeTraffic();
    }
    FlushScope.current().run(todo);
    if (traffic != null) observation.report(traffic);
    Transport t;
    synchronized (lock) {
      t = transport;
    }
    if (closeTransport && t != null) t.close(code, SessionRules.truncateReason(reason));
    timer.stop();
    wiring.shutdown();
    if (SessionRules.isOrderly(code) && cause.getCause() == null) closeFuture.complete(null);
    else closeFuture.completeExceptionally(cause);
    // Last: nothing is recorded once closed is set, and the listener finds closeFuture complete.
    events.closed(code, reason);
    events.dispatch();
  }

  // ------------------------------------------------------------------ engine listener

  @Override
  public void onInboundChannel(Chan chan) {
    accepts.opened(chan);
  }

  @Override
  public void onReference(Chan chan) {
    RefResolution.attach(this, chan);
  }

  Object bind(Object tree, Type type) {
    return binder.fromTree(tree, type);
  }

  BufferAccount account() {
    return account;
  }

  void defer(Runnable completion) {
    sync.defer(completion);
  }

  /** Under the lock: what the engine counted since the last take, for the observer; {@code null} without one. */
  Observation.Delta takeTraffic() {
    return observation == null ? null : observation.take(engine.traffic());
  }

  /** Under the lock taken directly on {@link #lock}: what to run once it is released (see {@link Choice}). */
  Runnable collectAfterLock() {
    return sync.collect();
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
