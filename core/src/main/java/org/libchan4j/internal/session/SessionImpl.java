package org.libchan4j.internal.session;

import java.io.IOException;
import java.time.Clock;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.libchan4j.ByteStream;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.binding.Binder;
import org.libchan4j.internal.binding.OutRef;
import org.libchan4j.internal.binding.RefResolver;
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
public final class SessionImpl implements Session, Engine.Listener, RefResolver {
  private static final System.Logger LOG = System.getLogger(SessionImpl.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** Told when a resumable session lost its connection; it brings a new one ({@link #resume}) or lets it expire. */
  public interface Resumer {
    /** The session is suspended; called without the session's lock held. */
    void suspended(SessionImpl session, String why);
  }

  private final Object lock = new Object();
  /** The current connection, null while suspended (written under lock; read by flushes outside it). */
  private volatile Transport transport;
  /** Frames were queued on the transport under the lock and not flushed yet (guarded by lock). */
  private boolean unflushed;
  /** Send completions held while the transport is not writable (guarded by lock). */
  private List<CompletableFuture<Void>> writeWaiters = new ArrayList<>();
  /** Ends the session if the held sends are not released within {@link Limits#maxWriteStallMillis} (guarded by lock). */
  private ScheduledFuture<?> stallTask;
  private final long maxWriteStallMillis;
  private Link link;
  private long suspendedAt = -1;
  private String suspendedWhy;
  private final long resumeWindowMillis;
  private Resumer resumer;
  private final Role role;
  private final Engine engine;
  private final Binder binder;
  private final BufferAccount account;
  private final Executor userExecutor;
  private final MessageQueue accepted = new MessageQueue(Long.MAX_VALUE);
  private final int maxOpenChannels;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final Clock clock;
  private final SessionOptions.Mode mode;
  private List<Runnable> deferred = new ArrayList<>();
  private ExecutorService ownExecutor;
  private ScheduledFuture<?> keepAliveTask;
  private volatile SessionClosedException closed;

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
    ExtendedMode ext = null;
    if (options.mode() == SessionOptions.Mode.EXTENDED) {
      boolean resume = resumeWindowMillis > 0;
      ext = new ExtendedMode(options.channelCapacity(), options.streamWindow(), options.keepAlive().toMillis(),
          resume ? options.replayWindow() : 0, resume && role == Role.SERVER ? newToken() : null);
    }
    this.engine = new Engine(role == Role.CLIENT, ext, limits, this, this::output);
    this.binder = new Binder(options.gson(), this);
    this.userExecutor = options.executor();
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
    session.resumer = resumer;
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
        if (suspendedAt >= 0 && SessionRules.resumeExpired(suspendedAt, now, resumeWindowMillis)) return suspendedWhy;
        // While a resume handshake is under way keepalive still watches the new connection (4000 drops it).
        if (link != null) engine.tick(now);
        return null;
      });
    } catch (ProtocolException e) {
      if (e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT && drop(e.getMessage())) return;
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
      unflushed = true;
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
    CompletableFuture<Void> writable = new CompletableFuture<>();
    writeWaiters.add(writable);
    if (stallTask == null) {
      stallTask = KeepAlive.SCHEDULER.schedule(this::stalled, maxWriteStallMillis, TimeUnit.MILLISECONDS);
    }
    return sent.thenCombine(writable, (a, b) -> null);
  }

  /** The transport did not drain within maxWriteStallMillis while sends waited: the peer stopped reading. */
  private void stalled() {
    Transport t;
    synchronized (lock) {
      if (closed != null || writeWaiters.isEmpty()) return;
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
      if (link != from || writeWaiters.isEmpty()) return;
      released = writeWaiters;
      writeWaiters = new ArrayList<>();
      if (stallTask != null) stallTask.cancel(false);
      stallTask = null;
    }
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
    synchronized (lock) {
      return suspendedAt >= 0;
    }
  }

  /** True while the session is suspended with no connection attempt attached ({@link #resume} is due). */
  public boolean needsConnection() {
    synchronized (lock) {
      return closed == null && suspendedAt >= 0 && link == null;
    }
  }

  /**
   * Ends the current connection and suspends the session if it is resumable (keepalive timeout). Returns false
   * when it is not resumable (the caller ends the session).
   */
  private boolean drop(String why) {
    Transport old;
    synchronized (lock) {
      if (closed != null || resumer == null || resumeWindowMillis <= 0 || !engine.isResumable()) return false;
      old = transport;
      suspend(why);
    }
    if (old != null) old.close(CloseCodes.KEEPALIVE_TIMEOUT, SessionRules.truncateReason(why));
    resumer.suspended(this, why);
    return true;
  }

  private void suspend(String why) {
    engine.detach();
    transport = null;
    link = null;
    suspendedAt = clock.millis();
    suspendedWhy = why;
    LOG.log(System.Logger.Level.INFO, role + " session suspended (" + why + "); resumable for "
        + resumeWindowMillis + " ms");
  }

  /**
   * Client: attaches a new connection to this suspended session and asks the server to resume it. The session goes
   * on when the server's {@code resumed} arrives; if the server refuses, the connection closes with
   * {@link CloseCodes#RESUME_REFUSED} and the session fails with that cause.
   *
   * @return false (and the connection is closed) when the session has ended meanwhile
   */
  public boolean resume(Transport next) {
    Link l = new Link();
    synchronized (lock) {
      if (closed != null || suspendedAt < 0 || link != null) {
        next.close(CloseCodes.NORMAL, closed != null ? "session already ended" : "not needed");
        return false;
      }
      transport = next;
      link = l;
    }
    next.start(l);
    try {
      withLock(() -> {
        if (link == l) engine.resume(clock.millis());
        return null;
      });
    } catch (RuntimeException e) {
      next.close(CloseCodes.INTERNAL_ERROR, "resume failed");
      return false;
    }
    return true;
  }

  /**
   * Server: a new connection, already started and delivering to nothing yet, asked to resume this session with
   * {@code peerReceived} frames received. Replaces the current connection if the drop went unnoticed.
   *
   * @return false when the session can no longer be resumed (the caller refuses the connection)
   */
  public boolean acceptResume(Transport next, long peerReceived) {
    // next is a ResumeRegistry hand-off: it may be sent to before start, which only routes its deliveries.
    Link l = new Link();
    Transport old;
    try {
      old = withLock(() -> {
        if (closed != null || !engine.isResumable()) return next;
        Transport previous = transport;
        transport = next;
        link = l;
        suspendedAt = -1;
        engine.acceptResume(peerReceived, clock.millis()); // its frames go out before anything the link delivers
        next.start(l);
        return previous;
      });
    } catch (ProtocolException e) {
      terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
      return true;
    }
    if (old == next) return false;
    if (old != null) old.close(CloseCodes.REPLACED, "replaced by a resumed connection");
    LOG.log(System.Logger.Level.INFO, role + " session resumed");
    return true;
  }

  /**
   * One connection of the session (one instance per connection; identity is what matters): events from a
   * connection that is no longer current are ignored.
   */
  private final class Link implements TransportListener {

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
        if (suspendedAt >= 0 && engine.isLinked()) {
          suspendedAt = -1; // the client's resume handshake completed
          LOG.log(System.Logger.Level.INFO, role + " session resumed");
        }
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
      boolean drop = SessionRules.isDrop(code, cause != null);
      suspended = closed == null && drop && resumer != null && resumeWindowMillis > 0 && engine.isResumable();
      if (suspended) {
        suspend(CloseCodes.name(code) + (cause != null ? ": " + cause : reason == null || reason.isEmpty() ? "" : ": " + reason));
      }
    }
    if (suspended) {
      resumer.suspended(this, suspendedWhy());
      return;
    }
    String by = cause != null ? "transport failure: " + cause : "the peer";
    terminate(new SessionClosedException(code, "session closed by " + by + " (" + CloseCodes.name(code)
        + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")", cause), code, reason, false);
  }

  private void terminate(SessionClosedException cause, int code, String reason, boolean closeTransport) {
    List<Runnable> todo;
    synchronized (lock) {
      if (closed != null) return;
      closed = cause;
      engine.close(cause);
      defer(accepted.fail(cause));
      List<CompletableFuture<Void>> held = writeWaiters;
      writeWaiters = new ArrayList<>();
      for (CompletableFuture<Void> f : held) defer(() -> f.completeExceptionally(cause));
      todo = drainDeferred();
    }
    FlushScope.current().run(todo);
    Transport t;
    synchronized (lock) {
      t = transport;
    }
    if (closeTransport && t != null) t.close(code, SessionRules.truncateReason(reason));
    if (SessionRules.isOrderly(code) && cause.getCause() == null) closeFuture.complete(null);
    else closeFuture.completeExceptionally(cause);
    ExecutorService own;
    ScheduledFuture<?> task;
    ScheduledFuture<?> stall;
    synchronized (lock) {
      own = ownExecutor;
      task = keepAliveTask;
      stall = stallTask;
    }
    if (task != null) task.cancel(false);
    if (stall != null) stall.cancel(false);
    if (own != null) own.shutdownNow();
  }

  private String suspendedWhy() {
    synchronized (lock) {
      return suspendedWhy;
    }
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

  @Override
  public boolean isRef(Object treeValue) {
    return treeValue instanceof Chan;
  }

  @Override
  public Object resolve(Object treeValue, Class<?> wanted, Type elementType) {
    Object attachment = ((Chan) treeValue).attachment;
    if (wanted == Object.class) return attachment;
    if (wanted == Sender.class || wanted == Receiver.class) {
      if (attachment instanceof RemoteSender && wanted == Sender.class) {
        return ((RemoteSender<?>) attachment).typed(elementType);
      }
      if (attachment instanceof RemoteReceiver && wanted == Receiver.class) {
        return ((RemoteReceiver<?>) attachment).typed(elementType);
      }
    } else if (attachment instanceof RemoteByteStream) {
      RemoteByteStream stream = (RemoteByteStream) attachment;
      if (wanted == ByteStream.class) return stream;
      if (wanted == InputStream.class) return stream.readOnly();
      if (wanted == OutputStream.class) return stream.writeOnly();
    }
    throw new IllegalArgumentException("expected a " + wanted.getSimpleName() + " but the peer sent " + kindOf(attachment));
  }

  private static String kindOf(Object attachment) {
    if (attachment instanceof RemoteSender) return "a channel this side writes (a Sender)";
    if (attachment instanceof RemoteReceiver) return "a channel this side reads (a Receiver)";
    return "a byte stream";
  }

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
      long seq = engine.send(chan, replaceRefs(tree, started));
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
    withLock(() -> {
      if (closed == null) engine.consumed(chan, n);
      return null;
    });
  }

  /**
   * This side will never write on a stream's direction. Compat mode sends no END for it, since a jschan session
   * processes no frame after a byte-stream END; extended mode ends it at once.
   */
  void abandonOutput(Chan chan) {
    withLock(() -> {
      if (closed == null) engine.abandonOutput(chan);
      return null;
    });
  }

  /** This side stopped reading a stream: cancel the writer (extended mode). */
  void cancelInput(Chan chan) {
    withLock(() -> {
      if (closed == null) engine.cancelInput(chan);
      return null;
    });
  }

  /** Fails what this side writes on {@code chan} (extended mode; compat ends it). */
  void fail(Chan chan, int code, String message) {
    withLock(() -> {
      if (closed == null) engine.fail(chan, code, message);
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

  /** Ends what this side writes on {@code chan} (or stops reading it); quiet once the session has ended. */
  void end(Chan chan) {
    withLock(() -> {
      if (closed == null) engine.end(chan);
      return null;
    });
  }

  /**
   * Replaces every {@link OutRef} in a freshly built tree (in place) by an unbound {@link Chan} wired to the local
   * object; what must start once the message is on the wire goes into {@code started}.
   */
  @SuppressWarnings("unchecked")
  private Object replaceRefs(Object tree, List<Runnable> started) {
    if (tree instanceof OutRef) return wire((OutRef) tree, started);
    if (tree instanceof Map) {
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) tree).entrySet()) {
        Object v = e.getValue();
        if (v instanceof OutRef || v instanceof Map || v instanceof List) e.setValue(replaceRefs(v, started));
      }
    } else if (tree instanceof List) {
      for (ListIterator<Object> it = ((List<Object>) tree).listIterator(); it.hasNext(); ) {
        Object v = it.next();
        if (v instanceof OutRef || v instanceof Map || v instanceof List) it.set(replaceRefs(v, started));
      }
    }
    return tree;
  }

  @SuppressWarnings("unchecked")
  private Chan wire(OutRef ref, List<Runnable> started) {
    Type type = ref.elementType() == null ? Object.class : ref.elementType();
    switch (ref.kind()) {
      case SENDER: {
        // The peer writes; what arrives goes into the local sender.
        Sender<Object> target = (Sender<Object>) ref.target();
        MessageQueue queue;
        int capacity = -1;
        if (target instanceof PipeEnds.PipeSender) {
          queue = ((PipeEnds.PipeSender<?>) target).queue();
          capacity = (int) Math.min(Integer.MAX_VALUE, queue.capacity());
        } else {
          queue = new MessageQueue(Long.MAX_VALUE);
          PipeEnds.PipeReceiver<Object> source = new PipeEnds.PipeReceiver<>(queue);
          started.add(() -> Pump.start(source, target));
        }
        Chan chan = engine.newUnbound(Chan.Kind.IN, null, capacity);
        chan.setHandler(new QueueDelivery(queue, () -> type));
        queue.onClose(() -> end(chan)); // the local reader stopped: cancel the channel (extended mode)
        return chan;
      }
      case RECEIVER: {
        // The peer reads; what the local receiver yields is sent on the new channel.
        Receiver<Object> source = (Receiver<Object>) ref.target();
        Chan chan = engine.newUnbound(Chan.Kind.OUT, null);
        RemoteSender<Object> out = new RemoteSender<>(this, chan).typed(type);
        chan.setHandler(out);
        chan.attachment = out;
        started.add(() -> Pump.start(source, out));
        return chan;
      }
      case BYTE_STREAM: {
        Object target = ref.target();
        if (target instanceof PipeByteStream) {
          // The peer takes this end's place: its bytes reach the other end, the other end's bytes reach it.
          PipeByteStream end = (PipeByteStream) target;
          StreamHandler delivery = streamChan(end.outbound());
          started.add(() -> redirect(end.inbound(), delivery.out));
          return delivery.chan;
        }
        ByteStream stream = (ByteStream) target;
        StreamHandler delivery = streamChan(new ByteQueue(account));
        started.add(() -> {
          copyAsync(delivery.in.input(), stream.output());
          copyAsync(stream.input(), delivery.out);
        });
        return delivery.chan;
      }
      case INPUT_STREAM: {
        InputStream source = (InputStream) ref.target();
        ByteQueue ignored = new ByteQueue(null);
        ignored.close();
        StreamHandler delivery = streamChan(ignored);
        started.add(() -> copyAsync(source, delivery.out));
        return delivery.chan;
      }
      case OUTPUT_STREAM: {
        OutputStream target = (OutputStream) ref.target();
        StreamHandler delivery = streamChan(new ByteQueue(account));
        started.add(() -> {
          delivery.out.abandon();
          copyAsync(delivery.in.input(), target);
        });
        return delivery.chan;
      }
      default:
        throw new IllegalStateException("unknown reference kind " + ref.kind());
    }
  }

  private static void redirect(ByteQueue queue, ChanOutputStream sink) {
    try {
      queue.redirect(sink);
    } catch (IOException e) {
      queue.fail(e);
    }
  }

  /** Copies a blocking stream on the executor, closing the target at the end. */
  private void copyAsync(InputStream from, OutputStream to) {
    executor().execute(() -> {
      byte[] buf = new byte[ChanOutputStream.CHUNK];
      try (InputStream in = from; OutputStream out = to) {
        for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "byte stream copy stopped: " + e);
      }
    });
  }

  private Executor executor() {
    if (userExecutor != null) return userExecutor;
    synchronized (lock) {
      if (ownExecutor == null) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
              Thread t = new Thread(r, "libchan4j-copy-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
        ownExecutor = pool;
        if (closed != null) pool.shutdown();
      }
      return ownExecutor;
    }
  }

  // ------------------------------------------------------------------ deliveries into local objects

  /** Delivers a channel's messages into a queue (a pipe handed to the peer, or a forwarding buffer). */
  private final class QueueDelivery implements ChanHandler {
    private final MessageQueue queue;
    private final Supplier<Type> type;

    QueueDelivery(MessageQueue queue, Supplier<Type> type) {
      this.queue = queue;
      this.type = type;
    }

    @Override
    public void onData(Chan chan, Object data, int wireBytes) {
      defer(queue.offer(new Inbound(SessionImpl.this, chan, data, wireBytes, type)));
    }

    @Override
    public void onEnd(Chan chan) {
      defer(queue.end());
    }

    @Override
    public void onFailed(Chan chan, RuntimeException cause) {
      defer(queue.fail(cause));
    }
  }

  /** An unbound stream whose peer bytes go into {@code in}. */
  private StreamHandler streamChan(ByteQueue in) {
    Chan chan = engine.newUnbound(Chan.Kind.STREAM, null);
    StreamHandler handler = new StreamHandler(this, chan, in);
    chan.setHandler(handler);
    return handler;
  }

  // ------------------------------------------------------------------ locking

  void defer(Runnable completion) {
    if (completion != null) deferred.add(completion);
  }

  private List<Runnable> drainDeferred() {
    if (deferred.isEmpty()) return List.of();
    List<Runnable> todo = deferred;
    deferred = new ArrayList<>();
    return todo;
  }

  /**
   * Runs {@code action} under the lock; then, with the lock released, writes the frames it queued and runs the
   * completions it collected (a {@link FlushScope} merges what those completions send into one flush). Nested
   * calls run inline: the outermost does the rest.
   */
  private <R> R withLock(Supplier<R> action) {
    if (Thread.holdsLock(lock)) return action.get();
    R result = null;
    RuntimeException failure = null;
    List<Runnable> todo;
    boolean flush;
    synchronized (lock) {
      try {
        result = action.get();
      } catch (RuntimeException e) {
        failure = e;
      }
      todo = drainDeferred();
      flush = unflushed;
      unflushed = false;
    }
    FlushScope scope = FlushScope.current();
    if (flush) scope.flush(this);
    if (!todo.isEmpty()) scope.run(todo);
    if (failure != null) throw failure;
    return result;
  }

  /** For tests and lock-discipline checks: true while the calling thread holds this session's lock. */
  public boolean holdsLock() {
    return Thread.holdsLock(lock);
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
