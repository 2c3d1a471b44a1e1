package org.libchan4j.websocket.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.engine.FrameBatch;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * A {@link Transport} over one open {@code jakarta.websocket.Session}: binary WebSocket messages of one or more
 * whole frames (jschan's framing, PROTOCOL.md section 7.5). Works in any Jakarta WebSocket container; the owner
 * forwards the endpoint's {@code onClose}/{@code onError} to {@link #onWebSocketClose}/{@link #onWebSocketError}.
 *
 * <p>Inbound: binary messages are reassembled from partial frames up to {@code maxMessageBytes} (else close 1009);
 * a text message closes with 1003. Events that arrive before {@link #start} are held (bounded by
 * {@code maxBufferedBytes}, else 1008) and delivered serially, never under a lock.
 *
 * <p>Outbound ({@link FrameFlusher}): {@link #send} only queues; {@link #flush} writes outside the session's lock,
 * at most one async send in flight, every frame queued behind it leaving in the next message (at most
 * {@link FrameBatch#MAX_BATCH} bytes). Above {@link #highWater} queued bytes the transport is not writable (the session holds
 * send completions); more than {@code maxBufferedBytes} queued closes with 1008 "outbound buffer exceeded": a peer
 * that never reads cannot exhaust memory.
 */
public final class WebSocketTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());
  /** Writer tasks ({@link #scheduleFlush}): daemon threads, each ending after one idle second. */
  private static final java.util.concurrent.Executor WRITERS = new java.util.concurrent.ThreadPoolExecutor(0,
      Integer.MAX_VALUE, 1, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
      org.libchan4j.internal.Threads.platform("libchan4j-writer-"));

  /**
   * How long a scheduled writer waits before it takes over: the thread that queued the frames usually writes them
   * itself first, when it waits for a reply or the next message (and then a reply and its END leave together);
   * a burst loses only this much once, as the writer then drains the queue without waiting again.
   */
  static final long WRITER_DELAY_NANOS = 50_000;

  private static void writeSoon(Runnable writer) {
    WRITERS.execute(() -> {
      java.util.concurrent.locks.LockSupport.parkNanos(WRITER_DELAY_NANOS);
      writer.run();
    });
  }

  private final Session ws;
  private final MessageWriter writer;
  private final int maxMessageBytes;
  private final long maxBufferedBytes;
  private final String name;

  // Inbound events, delivered serially by whichever thread wins `wip` (no lock held during callbacks).
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile TransportListener listener;
  private long earlyBytes; // guarded by events-producer serialisation (the container delivers serially)
  private ByteArrayOutputStream partial; // only touched by the container's delivery thread
  private volatile boolean inboundFailed;

  private final FrameFlusher out;
  private volatile int closeCode;
  private volatile String closeReason;

  private final AtomicBoolean wsCloseIssued = new AtomicBoolean();
  private final AtomicBoolean closedDelivered = new AtomicBoolean();
  private volatile Throwable failure;
  private volatile Consumer<WebSocketTransport> closeHook;
  private volatile Closer closer;

  /**
   * Writes one binary message; calls {@code done} exactly once (null on success), possibly before returning. The
   * default is the container's {@code getAsyncRemote().sendBinary}; a container-specific writer may frame the
   * message itself (the Java client masks it in one pass instead of Tyrus's byte-by-byte loop).
   */
  public interface MessageWriter {
    void write(ByteBuffer message, Consumer<Throwable> done);
  }

  /**
   * @param ws an open session; call {@link #attach()} from the endpoint's {@code onOpen}
   * @param maxMessageBytes largest inbound message accepted
   * @param maxBufferedBytes most bytes queued outbound, and held inbound before {@link #start}
   */
  public WebSocketTransport(Session ws, int maxMessageBytes, long maxBufferedBytes) {
    this(ws, maxMessageBytes, maxBufferedBytes, null);
  }

  /** As the other constructor, writing binary messages with {@code writer} ({@code null}: the container's). */
  public WebSocketTransport(Session ws, int maxMessageBytes, long maxBufferedBytes, MessageWriter writer) {
    this.writer = writer != null ? writer : this::sendThroughContainer;
    this.ws = ws;
    this.maxMessageBytes = maxMessageBytes;
    this.maxBufferedBytes = maxBufferedBytes;
    this.name = "WebSocket session " + ws.getId();
    this.out = new FrameFlusher(this::write, new FlusherEvents(), WebSocketTransport::writeSoon,
        Math.min(FrameBatch.MAX_BATCH, maxMessageBytes), highWater(maxBufferedBytes), maxBufferedBytes);
  }

  /** Bytes queued above which the transport stops being writable: a quarter of the hard limit, at most 1 MiB. */
  static long highWater(long maxBufferedBytes) {
    return Math.max(1, Math.min(1 << 20, maxBufferedBytes / 4));
  }

  /**
   * Registers the message handlers and turns the container's idle timeout off (liveness is the session's business:
   * the extended mode's keepalive, PROTOCOL.md section 14.5); call from the endpoint's {@code onOpen}.
   *
   * <p>The timeout is set to -1, not 0, though the Jakarta API reads both as "never": Tyrus re-arms the idle timer on
   * every message sent or received unless the timeout is negative, and with 0 it schedules an immediate no-op task
   * each time, waking its timer thread twice per request/reply on each side.
   */
  public void attach() {
    ws.setMaxIdleTimeout(-1);
    ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
    ws.addMessageHandler(String.class, (MessageHandler.Partial<String>) (text, last) -> {
      if (!inboundFailed) {
        fail(CloseCodes.UNSUPPORTED_DATA, "text message received: the protocol is binary-only");
      }
    });
  }

  /** Runs once after the transport has closed and the listener (if any) was told. */
  public void onClosedHook(Consumer<WebSocketTransport> hook) {
    this.closeHook = hook;
  }

  /**
   * Closes the connection instead of the container's close, for a server that can do better than the Jakarta API:
   * {@code ChanServer} writes the close frame itself and lingers (reads and discards input for a bounded time and
   * byte count) so that a peer still writing learns the code and reason instead of seeing a TCP reset.
   */
  public interface Closer {
    /**
     * Sends a close frame with {@code code} and {@code reason} (at most 123 UTF-8 bytes) and closes the connection
     * when the peer answers or the linger bounds run out. Returns false if it cannot: then the container closes.
     */
    boolean close(int code, String reason);
  }

  /** Use {@code closer} for every close this side initiates; set before {@link #start}. */
  public void closeWith(Closer closer) {
    this.closer = closer;
  }

  /** The largest binary message this transport accepts, in bytes. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** The underlying WebSocket session. */
  public Session webSocket() {
    return ws;
  }

  private void onBinary(ByteBuffer buf, boolean last) {
    if (inboundFailed) return;
    int have = partial == null ? 0 : partial.size();
    if ((long) have + buf.remaining() > maxMessageBytes) {
      partial = null;
      fail(CloseCodes.MESSAGE_TOO_BIG, "message exceeds maxMessageBytes (" + maxMessageBytes + " bytes)");
      return;
    }
    byte[] message;
    if (last && partial == null) {
      message = new byte[buf.remaining()];
      buf.get(message);
    } else {
      if (partial == null) partial = new ByteArrayOutputStream(Math.max(256, buf.remaining() * 2));
      byte[] chunk = new byte[buf.remaining()];
      buf.get(chunk);
      partial.write(chunk, 0, chunk.length);
      if (!last) return;
      message = partial.toByteArray();
      partial = null;
    }
    received(message);
  }

  /**
   * A whole binary message that the connection's own frame reader took out of the input (the Java client's), in
   * place of the container's delivery: the same checks and order, the array handed over. Call on the connection's
   * reading thread, in stream order with whatever the container delivers.
   */
  public void onWholeMessage(byte[] message) {
    if (inboundFailed) return;
    if (message.length > maxMessageBytes) {
      fail(CloseCodes.MESSAGE_TOO_BIG, "message exceeds maxMessageBytes (" + maxMessageBytes + " bytes)");
      return;
    }
    received(message);
  }

  private void received(byte[] message) {
    TransportListener l = listener;
    if (l == null) {
      earlyBytes += message.length;
      if (earlyBytes > maxBufferedBytes) {
        fail(CloseCodes.POLICY_VIOLATION, "inbound buffer exceeded before the session started (maxBufferedBytes "
            + maxBufferedBytes + ")");
        return;
      }
    } else if (wip.get() == 0 && events.isEmpty() && wip.compareAndSet(0, 1)) {
      // Nothing waits and nobody delivers: deliver now, without a queue node per message.
      deliver(l, message);
      if (wip.decrementAndGet() != 0) drainLoop(l);
      return;
    }
    events.add(message);
    drain();
  }

  @Override
  public void start(TransportListener listener) {
    if (listener == null) throw new NullPointerException("listener");
    synchronized (events) {
      if (this.listener != null) throw new IllegalStateException("transport already started");
      this.listener = listener;
    }
    drain();
  }

  private void drain() {
    if (listener == null || wip.getAndIncrement() != 0) return;
    drainLoop(listener);
  }

  /** Delivers what is queued while {@link #wip} says more may have come; the caller holds one count of it. */
  private void drainLoop(TransportListener l) {
    do {
      Object e;
      while ((e = events.poll()) != null) deliver(l, e);
    } while (wip.decrementAndGet() != 0);
  }

  private void deliver(TransportListener l, Object e) {
    try {
      if (e instanceof byte[]) {
        l.onMessage((byte[]) e);
      } else {
        Closed c = (Closed) e;
        l.onClosed(c.code, c.reason, c.cause);
      }
    } catch (RuntimeException ex) {
      LOG.log(System.Logger.Level.ERROR, name + ": transport listener failed", ex);
    }
  }

  @Override
  public void send(byte[] frame) {
    out.offer(frame);
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void scheduleFlush() {
    out.scheduleFlush();
  }

  @Override
  public boolean isWritable() {
    return out.isWritable();
  }

  /** One batch as one binary message; the writer completes it, possibly inline. */
  private void write(ByteBuffer message, Consumer<Throwable> done) {
    writer.write(message, done);
  }

  private void sendThroughContainer(ByteBuffer message, Consumer<Throwable> done) {
    ws.getAsyncRemote().sendBinary(message, result -> done.accept(result.isOK() ? null : result.getException()));
  }

  /** The flusher's events: backpressure, overflow, write failure, and the end of the writes before a close. */
  private final class FlusherEvents implements FrameFlusher.Events {
    @Override
    public void onWritable() {
      TransportListener l = listener;
      if (l != null) l.onWritable();
    }

    @Override
    public void onOverflow() {
      fail(CloseCodes.POLICY_VIOLATION, "outbound buffer exceeded (maxBufferedBytes " + maxBufferedBytes
          + "): the peer does not read");
    }

    @Override
    public void onWriteFailed(Throwable t) {
      onSendFailed(t);
    }

    @Override
    public void onDrained() {
      closeWebSocket(closeCode, closeReason, null);
    }
  }

  private void onSendFailed(Throwable t) {
    if (failure == null) failure = t;
    // An I/O error or a WebSocket that closed under us means the connection dropped (PROTOCOL.md 10: 1006,
    // reported locally); anything else is a local failure (1011).
    boolean dropped = t instanceof IOException || t.getCause() instanceof IOException || !ws.isOpen();
    if (dropped) deliverClosed(CloseCodes.ABNORMAL, "connection lost while sending: " + t.getMessage(), t);
    closeWebSocket(dropped ? CloseCodes.ABNORMAL : CloseCodes.INTERNAL_ERROR, "send failed: " + t, t);
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
    closeReason = reason == null ? "" : reason;
    if (out.close()) closeWebSocket(code, closeReason, null);
  }

  @Override
  public void abort(int code, String reason) {
    fail(code, reason == null ? "" : reason);
  }

  /** Closes because the peer broke a limit or the protocol: logs, then closes without flushing. */
  public void fail(int code, String reason) {
    inboundFailed = true;
    LOG.log(System.Logger.Level.WARNING, "Closing {0}: {1} ({2})", name, reason, CloseCodes.name(code));
    out.stop();
    ProtocolException cause = new ProtocolException(code, reason);
    if (failure == null) failure = cause;
    closeWebSocket(code, reason, cause);
  }

  private void closeWebSocket(int code, String reason, Throwable cause) {
    if (!wsCloseIssued.compareAndSet(false, true)) return;
    int sendable = (code == CloseCodes.ABNORMAL || code == 1005 || code == 1015) ? CloseCodes.INTERNAL_ERROR : code;
    Closer c = closer;
    if (c != null && ws.isOpen() && c.close(sendable, SessionRules.truncateReason(reason))) {
      // The container never learns of this close until the connection ends; the session learns of it now.
      deliverClosed(code, reason, cause);
      return;
    }
    try {
      if (ws.isOpen()) {
        ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(sendable), SessionRules.truncateReason(reason)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, name + ": close failed", e);
      deliverClosed(code, reason, cause != null ? cause : e);
      return;
    }
    // Containers call onClose for a locally initiated close; if this one did not, report it now.
    if (!ws.isOpen()) deliverClosed(code, reason, cause);
  }

  /** The reason phrase of Tyrus's {@code CloseReasons.GOING_AWAY}, which it also uses for a dropped connection. */
  private static final String TYRUS_CONNECTION_CLOSED = "Going away.";

  /** Forward the endpoint's {@code onClose} here. */
  public void onWebSocketClose(CloseReason reason) {
    int code = reason == null ? CloseCodes.ABNORMAL : reason.getCloseCode().getCode();
    String text = reason == null || reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
    if (code == CloseCodes.GOING_AWAY && TYRUS_CONNECTION_CLOSED.equals(text) && !wsCloseIssued.get()) {
      // Tyrus's Grizzly server reports a TCP connection that closed without a close frame as 1001 "Going away."
      // (GrizzlyServerFilter's close listener). It is a drop (PROTOCOL.md 10: 1006), which matters for resumption.
      code = CloseCodes.ABNORMAL;
      text = "connection lost without a close handshake";
    }
    deliverClosed(code, text, failure);
  }

  /** Forward the endpoint's {@code onError} here; the container closes the session afterwards. */
  public void onWebSocketError(Throwable t) {
    if (failure == null) failure = t;
    LOG.log(System.Logger.Level.DEBUG, name + ": WebSocket error", t);
  }

  private void deliverClosed(int code, String reason, Throwable cause) {
    if (!closedDelivered.compareAndSet(false, true)) return;
    wsCloseIssued.set(true);
    inboundFailed = true;
    out.stop();
    // Bookkeeping first (the endpoint forgets the connection), so whoever learns of the close from the session
    // sees the connection released already.
    Consumer<WebSocketTransport> hook = closeHook;
    if (hook != null) hook.accept(this);
    events.add(new Closed(code, reason, cause));
    drain();
  }

  /** True once the close was reported (to the listener if started, else held for it). */
  public boolean isClosed() {
    return closedDelivered.get();
  }

  /** WebSocket messages written so far, each of one or more frames (for tests and metrics). */
  public long messagesWritten() {
    return out.messagesWritten();
  }

  /** Bytes queued or in flight outbound (for tests and metrics). */
  public long queuedBytes() {
    return out.queuedBytes();
  }

  @Override
  public String toString() {
    return name;
  }

  private static final class Closed {
    final int code;
    final String reason;
    final Throwable cause;

    Closed(int code, String reason, Throwable cause) {
      this.code = code;
      this.reason = reason;
      this.cause = cause;
    }
  }
}
