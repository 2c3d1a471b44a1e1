package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;

/**
 * Internal: the sans-I/O libchan session engine in the jschan-compatible framing (PROTOCOL.md). Transport messages
 * go in through {@link #receive}; frames come out through {@link Output}; deliveries go to each channel's
 * {@link ChanHandler}. Single-threaded: the owner serialises every call (the JVM session holds a lock, the browser
 * has one thread). A {@link ProtocolException} thrown by {@code receive} means the session must end: the owner then
 * calls {@link #close}.
 */
public final class Engine {

  /** Where encoded frames go: one call per transport message, in order. */
  public interface Output {
    void send(byte[] message);
  }

  /** Session-level events. */
  public interface Listener {
    /** The peer opened a top-level channel; set its handler before returning. */
    void onInboundChannel(Chan chan);

    /** A reference arrived inside a message; set its handler (and attachment) before returning. */
    void onReference(Chan chan);
  }

  /** The item of an END frame (error frames carry a {@link Failure}). */
  static final Object END = new Object();
  private static final long MAX_ID = FrameWriter.MAX_ID;

  private final boolean client;
  private final ExtendedMode ext;
  private final Limits limits;
  private final Listener listener;
  private final FrameReader reader;
  private final FrameWriter frames;
  private final ChanTable chans;
  private final HeldFrames held;
  private final RefDecoder refDecoder;
  private RuntimeException closedCause;
  private final Link link;
  // Extended mode: the peer's defaults from its hello.
  private final FlowControl flow = new FlowControl();
  private final Outbound out;

  /** A compat-mode (jschan framing) engine. */
  public Engine(boolean client, Limits limits, Listener listener, Output output) {
    this(client, null, limits, listener, output);
  }

  /**
   * @param ext this side's extended-mode settings, or {@code null} for the compat (jschan) framing
   */
  public Engine(boolean client, ExtendedMode ext, Limits limits, Listener listener, Output output) {
    this.client = client;
    this.ext = ext;
    this.limits = limits;
    this.listener = listener;
    this.chans = new ChanTable(client, limits.maxOpenChannels());
    this.held = new HeldFrames(limits.maxPendingFrames(), limits.maxBufferedBytes());
    this.refDecoder = new RefDecoder(chans, ext, listener);
    RefEncoder refEncoder = new RefEncoder(chans, ext);
    this.reader = new FrameReader(limits, refDecoder);
    this.frames = new FrameWriter(refEncoder);
    this.link = new Link(ext, output, frames);
    this.out = new Outbound(this, ext, chans, frames, refEncoder, link, flow, limits.maxMessageBytes());
  }

  // ---------------------------------------------------------------- local operations

  /** Opens a top-level channel this side writes. */
  public Chan openChannel(ChanHandler handler) {
    checkOpen();
    Chan chan = new Chan(Chan.Kind.OUT, handler);
    chans.allocate(chan);
    if (ext != null) chan.cap = FlowControl.PEER_DEFAULT;
    return chan;
  }

  /** True when this engine speaks the extended mode. */
  public boolean isExtended() {
    return ext != null;
  }

  /**
   * Starts the session at the owner's time {@code nowMillis}. In extended mode this sends the hello frame; channel
   * frames are held until the peer's hello has arrived. Call once, before anything else is sent.
   */
  public void start(long nowMillis) {
    link.start(nowMillis);
    if (ext != null) link.write(frames.hello(ext));
  }

  /**
   * Creates a channel or stream to be handed to the peer inside a message. It gets its id when the message is sent
   * ({@link #send}); IN means this side will read it (a return channel), OUT that this side writes it.
   */
  public Chan newUnbound(Chan.Kind kind, ChanHandler handler) {
    return newUnbound(kind, handler, -1);
  }

  /**
   * As {@link #newUnbound(Chan.Kind, ChanHandler)}; for an IN channel in extended mode {@code capacity} is the
   * channel's capacity (Go semantics, announced in its reference), or -1 for this side's default.
   */
  public Chan newUnbound(Chan.Kind kind, ChanHandler handler, int capacity) {
    Chan chan = new Chan(kind, handler);
    if (ext != null) {
      if (kind == Chan.Kind.IN) {
        chan.cap = capacity >= 0 ? capacity : ext.capacity;
      } else if (kind == Chan.Kind.OUT) {
        chan.cap = FlowControl.PEER_DEFAULT;
      } else {
        chan.window = FlowControl.PEER_DEFAULT;
        chan.ownWindow = ext.streamWindow;
      }
    }
    return chan;
  }

  /**
   * Sends one message on an OUT channel. Unbound {@link Chan}s anywhere in {@code data} are given ids and enter the
   * table; if encoding fails nothing is sent and they stay unbound.
   *
   * @throws EncodingException the value cannot be encoded for a jschan peer
   */
  public long send(Chan chan, Object data) {
    checkOpen();
    if (chan.kind != Chan.Kind.OUT) throw new IllegalArgumentException(chan + " is not written by this side");
    checkWritable(chan);
    if (data == null && ext != null) throw new EncodingException("a message cannot be null");
    String falsy = ext == null ? Falsy.describe(data) : null;
    if (falsy != null) {
      throw new EncodingException("cannot send " + falsy + ": a jschan peer reads it as the end of the channel;"
          + " wrap it in a map or list");
    }
    return out.send(chan, data);
  }

  /**
   * How much of what was sent on a writing direction counts as complete: a message number (1-based) for channels,
   * a byte count for streams. In compat mode everything is complete once sent. In extended mode a channel's message
   * k is complete when it was transmitted within the peer's capacity, and for an unbuffered channel (capacity 0)
   * once the peer's application has taken it; a stream's bytes when they were transmitted within its window.
   */
  public long completed(Chan chan) {
    return out.completed(chan);
  }

  private void checkWritable(Chan chan) {
    if (chan.cancelled) throw new ChannelClosedException("the receiver closed " + chan);
    if (chan.localEnded) throw new ChannelClosedException(chan + " is already ended");
  }

  /**
   * Sends a chunk on a bound stream; returns the stream's byte count including it (see {@link #completed}). In
   * extended mode the chunk waits in the stream's queue while the peer's window is full.
   */
  public long sendBytes(Chan stream, byte[] bytes, int off, int len) {
    checkOpen();
    if (stream.kind != Chan.Kind.STREAM || !stream.isBound()) throw new IllegalArgumentException(stream + " is not a bound stream");
    checkWritable(stream);
    if (len == 0) return stream.queued;
    return out.sendBytes(stream, bytes, off, len);
  }

  /**
   * Ends what this side writes: an OUT channel (its id is freed once the END is transmitted) or this side's
   * direction of a stream. For an IN channel it delegates to {@link #cancel}. Idempotent.
   */
  public void end(Chan chan) {
    if (chan.kind == Chan.Kind.IN) cancel(chan);
    else out.end(chan, 0, null);
  }

  /**
   * This side stops reading an IN channel: later frames are dropped until the peer's END; in extended mode the
   * writer is told with a cancel frame (compat mode cannot tell it). Idempotent.
   */
  public void cancel(Chan chan) {
    if (chan.kind != Chan.Kind.IN) throw new IllegalArgumentException(chan + " is not read by this side");
    out.cancel(chan);
  }

  /**
   * This side stops reading a stream (its input was closed). Extended mode: the writer is told with a cancel frame
   * and answers with its END; later chunks are dropped. Compat mode: chunks are dropped until the peer's END.
   */
  public void cancelInput(Chan stream) {
    if (closedCause != null || !stream.isBound() || stream.kind != Chan.Kind.STREAM) return;
    if (stream.discarding || stream.remoteEnded) return;
    stream.discarding = true;
    if (ext != null) link.emit(frames.cancel(stream.id));
  }

  /**
   * This side will never write on {@code stream} (a message field bound to {@code InputStream} or
   * {@code OutputStream}). Extended mode: ends the direction at once, like {@link #end}. Compat mode: sends nothing,
   * because a jschan session processes no frame after a byte-stream END (PROTOCOL.md section 9); the id is freed
   * once the peer's direction has ended.
   */
  public void abandonOutput(Chan stream) {
    out.abandon(stream);
  }

  /**
   * Fails what this side writes with an application code and message (extended mode: an error frame the reader
   * sees as {@link org.libchan4j.ChannelFailedException}). In compat mode jschan has no error frame: the channel is
   * ended normally. For an IN channel it stops reading, like {@link #cancel}. Idempotent, and a no-op after
   * {@link #end}.
   */
  public void fail(Chan chan, int code, String message) {
    out.end(chan, code, message == null ? "" : message);
  }

  /**
   * The application took {@code n} messages (channels) or bytes (streams) from a reading direction. In extended
   * mode this returns credit to the writer when {@link FlowControl#consumed} says so: in batches of half the
   * capacity or window, or at once when the writer may be waiting for it.
   */
  public void consumed(Chan chan, long n) {
    // After the writer's END only an unbuffered channel still needs credit: its last sends wait for it.
    if (ext == null || closedCause != null || !chan.isBound() || chan.discarding) return;
    if (chan.remoteEnded && (chan.kind == Chan.Kind.STREAM || chan.cap != 0)) return;
    long credit = flow.consumed(chan, n);
    if (credit > 0) link.emit(frames.credit(chan.id, credit));
  }

  /**
   * Advances the owner's clock (extended mode keepalive): sends a ping when nothing arrived for one interval and
   * throws {@link ProtocolException} ({@link CloseCodes#KEEPALIVE_TIMEOUT}) when nothing arrived for two.
   */
  public void tick(long nowMillis) {
    link.setTime(nowMillis);
    if (ext != null && closedCause == null) link.tick();
  }

  // ---------------------------------------------------------------- resumption (PROTOCOL.md section 14.6)

  /** True when both hellos agreed on resumption: a lost connection can be resumed rather than ending the session. */
  public boolean isResumable() {
    return link.isResumable() && closedCause == null;
  }

  /** The resume token (the server's, from its hello), or {@code null}. */
  public String resumeToken() {
    return link.token();
  }

  /**
   * The connection is gone (session suspended): numbered frames keep going to the replay buffer (data within the
   * replay window), link frames are dropped, keepalive stops until a new connection is attached.
   */
  public void detach() {
    link.detach();
  }

  /** True while a connection is attached (and, on the client, resumed). */
  public boolean isLinked() {
    return link.isLinked();
  }

  /**
   * Client: a new connection is attached; sends the resume request as its first frame. Frames from the server are
   * refused until its {@code resumed} arrives; then the replay buffer is transmitted again and the session goes on.
   */
  public void resume(long nowMillis) {
    if (!client || !link.isResumable()) throw new IllegalStateException("not a resumable client session");
    checkOpen();
    link.resume(nowMillis);
  }

  /**
   * Server: a new connection asked to resume this session ({@link #readResume}) and the owner accepted it. Answers
   * {@code resumed} with what this side has received, then transmits again what the client did not receive.
   *
   * @throws ProtocolException the client claims frames this side never sent
   */
  public void acceptResume(long clientReceived, long nowMillis) {
    if (client || !link.isResumable()) throw new IllegalStateException("not a resumable server session");
    checkOpen();
    link.acceptResume(nowMillis);
    out.reattach(clientReceived);
  }

  /** A resume request: the first frame of a connection that resumes a session. */
  public static final class ResumeRequest {
    public final String token;
    public final long received;

    ResumeRequest(String token, long received) {
      this.token = token;
      this.received = received;
    }
  }

  /**
   * Reads the first message of a new extended-mode connection: a {@link ResumeRequest} when it is one (a resume
   * frame alone in its message), {@code null} when it is anything else (a hello: a new session).
   *
   * @throws ProtocolException a malformed resume request
   */
  public static ResumeRequest readResume(byte[] message, Limits limits) {
    return FrameReader.readResume(message, limits);
  }

  /** Bytes of transmitted frames the peer has not acknowledged yet (the replay buffer). */
  public long replayBytes() {
    return link.replayBytes();
  }

  /** Ends the session: every open channel fails with {@code cause}; later calls throw it. Idempotent. */
  public void close(RuntimeException cause) {
    if (closedCause != null) return;
    closedCause = cause;
    List<Chan> open = chans.snapshot();
    chans.clear();
    held.clear();
    for (Chan chan : open) {
      if (chan.handler != null) chan.handler.onFailed(chan, cause);
    }
  }

  public boolean isClosed() {
    return closedCause != null;
  }

  /** Channels and streams in the id table (both sides'). */
  public int openCount() {
    return chans.size();
  }

  /** For tests: the next id to allocate (to reach the end of the id space). */
  void setNextIdForTest(long id) {
    chans.setNextIdForTest(id);
  }

  /** Frames held for references that have not arrived yet. */
  public int pendingFrameCount() {
    return held.count();
  }

  // ---------------------------------------------------------------- inbound

  /**
   * Processes one transport message holding one or more whole frames.
   *
   * @throws ProtocolException the peer broke the protocol or a limit; the session must end with its close code
   */
  public void receive(byte[] buf, int off, int len) {
    checkOpen();
    if (len > limits.maxMessageBytes()) {
      throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
          "message of " + len + " bytes exceeds maxMessageBytes " + limits.maxMessageBytes());
    }
    if (len == 0) return; // carries no frame; tolerated as jschan's stream decoder does
    link.heard();
    reader.reset(buf, off, len);
    while (reader.hasRemaining()) {
      refDecoder.thisFrame.clear();
      Map<?, ?> map = reader.next();
      int size = reader.size();
      Object type = ext != null ? map.get(FrameWriter.T) : null;
      if (type != null && linkFrame(map, type)) continue;
      if (link.isResuming()) throw protocol("frame before resumed");
      handleFrame(map, size);
      link.counted(size);
      if (!refDecoder.thisFrame.isEmpty()) replayPending();
    }
    link.ackIfHalfWindow();
  }

  /**
   * Frames about the link rather than the channels (hello, keepalive, resumption): never numbered, never replayed.
   * Returns false for any other type.
   */
  private boolean linkFrame(Map<?, ?> map, Object type) {
    if ("hello".equals(type)) {
      hello(map);
    } else if ("ping".equals(type)) {
      link.write(frames.pong(FrameReader.longField(map, FrameWriter.SEQ, 0, MAX_ID)));
    } else if ("pong".equals(type)) {
      // Arrival is what keepalive checks (receive updated lastReceived).
    } else if ("ack".equals(type)) {
      if (!link.isResumable()) throw protocol("ack frame in a session without resumption");
      out.acknowledged(FrameReader.longField(map, "n", 0, MAX_ID));
    } else if ("resumed".equals(type)) {
      if (!link.isResuming()) throw protocol("resumed frame without a resume request");
      out.reattach(FrameReader.longField(map, "n", 0, MAX_ID));
    } else if ("resume".equals(type)) {
      throw protocol("resume frame inside a session (it opens a connection)");
    } else {
      return false;
    }
    return true;
  }

  private void handleFrame(Map<?, ?> map, int size) {
    long id = FrameReader.id(map);
    boolean hasData = map.containsKey(FrameWriter.DATA);
    Object data = map.get(FrameWriter.DATA);
    Object item;
    if (ext == null) {
      if (map.size() > 1 + (hasData ? 1 : 0) + (map.containsKey(FrameWriter.PARENT) ? 1 : 0)) FrameReader.checkNoRefOutsideData(map);
      item = !hasData || Falsy.describe(data) != null ? END : data;
    } else {
      Object type = map.get(FrameWriter.T);
      if (type != null) {
        item = control(map, type, id);
        if (item == null) return;
      } else {
        item = hasData ? data : END;
      }
      if (!link.helloReceived()) throw protocol("frame before the peer's hello");
    }

    Chan chan = chans.get(id);
    if (chan != null) {
      deliver(chan, item, size);
      return;
    }
    if (chans.isOwnId(id)) throw protocol("frame for unknown id " + id);
    if (chans.endedRecently(id)) throw protocol("frame for id " + id + " after its END");
    Long parent = FrameReader.parent(map);
    if (map.containsKey(FrameWriter.PARENT) && parent == null) {
      chans.checkPeerMayOpen();
      chan = new Chan(Chan.Kind.IN, null);
      if (ext != null) chan.cap = ext.capacity;
      chans.bind(chan, id);
      listener.onInboundChannel(chan);
      deliver(chan, item, size);
      return;
    }
    // Late rendezvous: data for a channel or stream whose reference has not arrived yet.
    held.hold(id, item, size, item == END || item instanceof Failure);
  }

  /** The peer's hello: its defaults for the channels and streams this side writes to it. */
  private void hello(Map<?, ?> map) {
    if (link.helloReceived()) throw protocol("second hello frame");
    long version = FrameReader.longField(map, "v", 0, Long.MAX_VALUE);
    if (version != 1) throw protocol("unsupported extended protocol version " + version + " (this side speaks 1)");
    long capacity = FrameReader.longField(map, "cap", 0, MAX_ID);
    flow.peerDefaults(capacity, FrameReader.longField(map, "win", 1024, MAX_ID));
    FrameReader.longField(map, "ka", 0, MAX_ID);
    long rs = map.containsKey("rs") ? FrameReader.longField(map, "rs", 0, MAX_ID) : 0;
    Object tok = map.get("tok");
    if (tok != null && !FrameReader.isToken(tok)) {
      throw protocol("field tok must be a string of 1..128 characters");
    }
    link.peerHello(rs, (String) tok, client);
    out.flushAll();
  }

  /**
   * An extended-mode control frame for {@code id}: credit and cancel act on this side's writing direction and
   * return null; error returns the item to dispatch like data or END.
   */
  private Object control(Map<?, ?> map, Object type, long id) {
    if ("error".equals(type)) {
      Object msg = map.get(FrameWriter.MSG);
      if (!(msg instanceof String)) throw protocol("error frame without a string msg");
      return new Failure((int) FrameReader.longField(map, FrameWriter.CODE, Integer.MIN_VALUE, Integer.MAX_VALUE), (String) msg);
    }
    boolean credit = FrameWriter.CREDIT.equals(type);
    if (!credit && !"cancel".equals(type)) throw protocol("unknown frame type " + FrameReader.describe(type) + " " + type);
    Chan chan = chans.get(id);
    if (chan == null) return null; // the channel ended meanwhile (our END crossed the peer's frame)
    if (chan.kind == Chan.Kind.IN) throw protocol(type + " for channel " + id + ", which this side reads");
    if (credit) out.credited(chan, FrameReader.longField(map, FrameWriter.CREDIT, 1, MAX_ID));
    else out.cancelled(chan);
    return null;
  }

  /** An error frame's content, dispatched like END. */
  private static final class Failure {
    final int code;
    final String message;

    Failure(int code, String message) {
      this.code = code;
      this.message = message;
    }
  }

  /** Dispatches on the kind with ifs: a switch on the enum would cost a synthetic class in the browser bundle. */
  private void deliver(Chan chan, Object item, int size) {
    boolean end = item == END || item instanceof Failure;
    if (chan.kind == Chan.Kind.OUT) throw protocol("peer wrote to channel " + chan.id + ", which this side writes");
    if (chan.kind == Chan.Kind.IN) {
      if (end) {
        chan.remoteEnded = true;
        chans.free(chan);
      } else if (!chan.discarding) {
        if (ext != null) {
          flow.deliveredMessage(chan);
          long credit = flow.arrived(chan);
          if (credit > 0) link.emit(frames.credit(chan.id, credit));
        }
        chan.handler.onData(chan, item, size);
        return;
      } else {
        return;
      }
    } else {
      if (chan.remoteEnded) throw protocol("frame for id " + chan.id + " after its END");
      if (end) {
        chan.remoteEnded = true;
        if (chan.localEnded && (chan.queue == null || chan.queue.isEmpty())) chans.free(chan);
      } else if (!(item instanceof byte[])) {
        throw protocol("byte-stream chunk for id " + chan.id + " is not bin: " + FrameReader.describe(item));
      } else if (chan.discarding) {
        return; // this side stopped reading: the chunk is dropped
      } else {
        if (ext != null) flow.deliveredBytes(chan, ((byte[]) item).length);
        chan.handler.onData(chan, item, size);
        return;
      }
    }
    if (item == END) chan.handler.onEnd(chan);
    else chan.handler.onFailed(chan, failure(chan, (Failure) item));
  }

  private static org.libchan4j.ChannelFailedException failure(Chan chan, Failure f) {
    return new org.libchan4j.ChannelFailedException(f.code, "the writer failed " + chan + " with code " + f.code
        + (f.message.isEmpty() ? "" : ": " + f.message));
  }

  private void replayPending() {
    // Copy: replaying may decode nothing new (pending items are already decoded), but keep the list stable.
    List<Chan> refs = new ArrayList<>(refDecoder.thisFrame);
    refDecoder.thisFrame.clear();
    for (Chan ref : refs) {
      List<HeldFrames.Held> frames = held.release(ref.id);
      if (frames == null) continue;
      for (HeldFrames.Held f : frames) {
        if (closedCause != null || chans.get(ref.id) != ref) return;
        deliver(ref, f.item, f.size);
      }
    }
  }

  private void checkOpen() {
    if (closedCause != null) throw closedCause;
  }

  static ProtocolException protocol(String message) {
    return new ProtocolException(CloseCodes.PROTOCOL_ERROR, message);
  }

}
