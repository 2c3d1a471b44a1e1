package org.libchan4j.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.memory.Buffers;
import org.libchan4j.CloseCodes;
import org.libchan4j.websocket.internal.FrameHeader;

/**
 * Refuses an oversized WebSocket frame as soon as its header arrives. Without it Tyrus buffers the frame up to its
 * incoming buffer size and then closes with 1011 "Buffer overflow."; with it the session closes with 1009 and a
 * reason naming the limit, and nothing of the frame is buffered.
 *
 * <p>Sits just before Tyrus's filter. It tags each upgrade request to the endpoint path with a connection id header
 * (overwriting any the client sent), which the endpoint maps to its transport; after the upgrade it follows frame
 * boundaries and, on a data frame longer than the limit, asks the endpoint to close that session (or closes the
 * connection if it has none yet) and drops the rest of the input. What it lets through it unmasks ({@link Unmasker}).
 *
 * <p><b>Lingering close.</b> Every close the server initiates goes through {@link #closeAndLinger}: the close frame
 * is written here (Tyrus would close the TCP connection right after it, and closing with unread input resets the
 * connection, which destroys the close frame before a peer still writing reads it), then nothing more reaches
 * Tyrus or the session: input is read and discarded until the peer's close frame, the end of its output,
 * {@code lingerTimeout} or {@code lingerBytes} discarded bytes, whichever comes first; then the connection is
 * closed. As nginx's {@code lingering_close}. Owns one daemon timer thread, stopped by {@link #stop()}.
 */
public final class FrameGuard extends BaseFilter {
  /** The request header carrying the connection id to the endpoint (stripped from what applications see). */
  public static final String CONNECTION_HEADER = "X-Libchan4j-Connection";

  /** What the guard does with a connection whose frames it refuses. */
  @FunctionalInterface
  public interface Refusal {
    /** Fails the session of connection {@code id} with {@code code} and {@code reason}; false if it has none. */
    boolean refuse(String id, int code, String reason);
  }

  private final Attribute<State> state =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameGuard.class.getName() + ".state");
  private final String path;
  private final long maxPayload;
  private final Refusal refusal;
  private final long lingerNanos;
  private final long lingerBytes;
  private final Map<String, State> upgraded = new ConcurrentHashMap<>();
  /** Connections lingering now; {@link #awaitLingering} waits on it. */
  private final Map<State, Boolean> lingering = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor timer;

  /**
   * @param refusal fails the session of a connection that sent what its frames may not carry
   * @param lingerTimeout how long a closing connection waits for the peer's close frame, discarding input
   * @param lingerBytes how many bytes of input a closing connection discards at most
   */
  public FrameGuard(String path, long maxPayload, Refusal refusal, java.time.Duration lingerTimeout,
      long lingerBytes) {
    this.path = path;
    this.maxPayload = maxPayload;
    this.refusal = refusal;
    this.lingerNanos = lingerTimeout.toNanos();
    this.lingerBytes = lingerBytes;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "libchan4j-linger");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Writes a close frame on connection {@code id}, stops its input and closes it when the peer answers or the
   * linger bounds run out. False if there is no such open connection (then the container closes it).
   */
  public boolean closeAndLinger(String id, int code, String reason) {
    State s = upgraded.get(id);
    if (s == null || !s.connection.isOpen()) return false;
    synchronized (s) {
      if (s.lingering) return true;
      s.lingering = true;
      lingering.put(s, Boolean.TRUE);
      try {
        s.deadline = timer.schedule(() -> s.connection.closeSilently(), lingerNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException stopped) {
        // the server is stopping: it closes every connection itself
      }
    }
    Connection<?> c = s.connection;
    c.write(Buffers.wrap(c.getMemoryManager(), closeFrame(code, reason)));
    return true;
  }

  /** Waits until no connection lingers, or the deadline ({@link System#nanoTime()}) passed; true if none does. */
  public boolean awaitLingering(long deadlineNanos) throws InterruptedException {
    synchronized (lingering) {
      while (!lingering.isEmpty()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(lingering, left);
      }
    }
    return true;
  }

  /** Stops the timer thread (the server closes its connections itself). */
  public void stop() {
    timer.shutdownNow();
  }

  /** A server close frame: unmasked, FIN, the code and the reason (the caller keeps it within 123 bytes). */
  static byte[] closeFrame(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[4 + text.length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + text.length);
    frame[2] = (byte) (code >> 8);
    frame[3] = (byte) code;
    System.arraycopy(text, 0, frame, 4, text.length);
    return frame;
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    State s = state.get(ctx.getConnection());
    if (s != null) {
      upgraded.remove(s.id);
      synchronized (s) {
        if (s.deadline != null) s.deadline.cancel(false);
      }
      if (lingering.remove(s) != null) {
        synchronized (lingering) {
          lingering.notifyAll();
        }
      }
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof HttpContent)) return ctx.getInvokeAction();
    HttpContent content = (HttpContent) message;
    Connection<?> connection = ctx.getConnection();
    State s = state.get(connection);
    if (s == null) {
      HttpHeader header = content.getHttpHeader();
      if (header.isRequest() && "websocket".equalsIgnoreCase(header.getUpgrade())
          && path.equals(((HttpRequestPacket) header).getRequestURI())) {
        s = new State(UUID.randomUUID().toString(), connection);
        state.set(connection, s);
        upgraded.put(s.id, s);
        header.setHeader(CONNECTION_HEADER, s.id);
        // Once the handshake's response is out: a 101 means the HTTP request is no longer needed (UpgradedInput).
        // The response is taken now: a refused upgrade's request may be recycled by the time the listener runs.
        org.glassfish.grizzly.http.HttpResponsePacket response = ((HttpRequestPacket) header).getResponse();
        ctx.addCompletionListener(done -> {
          if (response != null && response.getStatus() == 101) UpgradedInput.upgraded(connection);
        });
      }
      return ctx.getInvokeAction();
    }
    if (s.lingering) {
      linger(s, content.getContent());
      content.recycle();
      return ctx.getStopAction();
    }
    if (s.tripped || UpgradedInput.ended(connection)) {
      content.recycle();
      return ctx.getStopAction();
    }
    long payload = s.scan(content.getContent(), maxPayload);
    if (payload < 0) {
      // Every read after the handshake passes here, whichever way it came (UpgradedInput's or the codec's), so the
      // unmasker sees the frames from their first byte.
      Buffer frames = s.unmasker.rewrite(content.getContent(), connection.getMemoryManager());
      if (s.unmasker.refusedUnmasked()) {
        // Frames before the unmasked one in this read are dropped with it: the session fails either way.
        return refuse(ctx, content, s, CloseCodes.PROTOCOL_ERROR,
            "unmasked client frame (RFC 6455 section 5.1: a client masks every frame)");
      }
      ctx.setMessage(HttpContent.builder(content.getHttpHeader()).content(frames).last(content.isLast()).build());
      return ctx.getInvokeAction();
    }
    return refuse(ctx, content, s, CloseCodes.MESSAGE_TOO_BIG,
        "message exceeds maxMessageBytes (" + maxPayload + " bytes): a frame of " + payload + " bytes");
  }

  /** Fails the connection's session with {@code code}, or closes the connection if it has none; drops the input. */
  private NextAction refuse(FilterChainContext ctx, HttpContent content, State s, int code, String reason) {
    s.tripped = true;
    content.recycle();
    if (!refusal.refuse(s.id, code, reason)) ctx.getConnection().closeSilently();
    return ctx.getStopAction();
  }

  /** Discards input of a lingering connection; closes it at the peer's close frame or past {@code lingerBytes}. */
  private void linger(State s, Buffer input) {
    s.discarded += input.remaining();
    s.scan(input, Long.MAX_VALUE);
    if (s.closeSeen || s.discarded > lingerBytes) s.connection.closeSilently();
  }

  /** Frame-boundary tracking for one upgraded connection (client frames: always masked, but not assumed). */
  private static final class State {
    final String id;
    final Connection<?> connection;
    final byte[] header = new byte[14];
    int headerLength;
    /** Hands Tyrus the frames unmasked (see Unmasker). */
    final Unmasker unmasker = new Unmasker();
    long skip;
    boolean tripped;
    /** Closing: input goes nowhere (set by any thread, read by the connection's reading thread). */
    volatile boolean lingering;
    long discarded;
    /** The peer's close frame began. */
    boolean closeSeen;
    ScheduledFuture<?> deadline; // guarded by this

    State(String id, Connection<?> connection) {
      this.id = id;
      this.connection = connection;
    }

    /** Returns the payload length of an oversized data frame, or -1 if all is well so far. */
    long scan(Buffer b, long max) {
      int i = b.position();
      int end = b.limit();
      while (i < end) {
        if (skip > 0) {
          long n = Math.min(skip, end - i);
          skip -= n;
          i += (int) n;
          continue;
        }
        header[headerLength++] = b.get(i++);
        if (headerLength < 2) continue;
        if (headerLength < FrameHeader.size(header[1])) continue;
        long length = FrameHeader.payloadLength(header);
        int opcode = header[0] & 0x0F;
        if (opcode == 8) closeSeen = true;
        skip = length < 0 ? Long.MAX_VALUE : length;
        headerLength = 0;
        if (opcode < 8 && (length < 0 || length > max)) return length < 0 ? Long.MAX_VALUE : length;
      }
      return -1;
    }
  }
}
