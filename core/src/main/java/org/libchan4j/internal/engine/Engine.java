package org.libchan4j.internal.engine;

import java.util.List;
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

  /** The item of an END frame (error frames carry a failure). */
  static final Object END = new Object();

  private final boolean client;
  private final Limits limits;
  private final ChanTable chans;
  private final Link link;
  private final Mode mode;
  private final Outbound out;
  private final Inbound in;
  private final Traffic traffic = new Traffic();
  private RuntimeException closedCause;

  /** A compat-mode (jschan framing) engine. */
  public Engine(boolean client, Limits limits, Listener listener, Output output) {
    this(client, null, limits, listener, output);
  }

  /**
   * @param ext this side's extended-mode settings, or {@code null} for the compat (jschan) framing
   */
  public Engine(boolean client, ExtendedMode ext, Limits limits, Listener listener, Output output) {
    this.client = client;
    this.limits = limits;
    this.chans = new ChanTable(client, limits.maxOpenChannels(), traffic);
    Refs refs = new Refs(chans, ext, listener);
    FrameWriter frames = new FrameWriter(refs);
    this.link = new Link(ext, message -> {
      traffic.bytesOut += message.length;
      output.send(message);
    }, frames);
    this.mode = new Mode(ext, client, link, frames);
    this.out = new Outbound(this, mode, chans, frames, refs, link, limits.maxMessageBytes(), traffic);
    this.in = new Inbound(this, mode, chans, new HeldFrames(limits.maxPendingFrames(), limits.maxBufferedBytes()),
        refs, new FrameReader(limits, refs), link, out, listener, traffic);
  }

  // ---------------------------------------------------------------- local operations

  /** Opens a top-level channel this side writes. */
  public Chan openChannel(ChanHandler handler) {
    checkOpen();
    Chan chan = new Chan(Chan.Kind.OUT, handler);
    chans.allocate(chan);
    mode.init(chan, -1);
    return chan;
  }

  /** True when this engine speaks the extended mode. */
  public boolean isExtended() {
    return mode.isExtended();
  }

  /**
   * Starts the session at the owner's time {@code nowMillis}. In extended mode this sends the hello frame; channel
   * frames are held until the peer's hello has arrived. Call once, before anything else is sent.
   */
  public void start(long nowMillis) {
    link.start(nowMillis);
    mode.start();
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
    mode.init(chan, capacity);
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
    mode.checkMessage(data);
    return out.send(chan, data);
  }

  /**
   * How much of what was sent on a writing direction counts as complete: a message number (1-based) for channels,
   * a byte count for streams. In compat mode everything is complete once sent. In extended mode a channel's message
   * k is complete when it was transmitted within the peer's capacity, and for an unbuffered channel (capacity 0)
   * once the peer's application has taken it; a stream's bytes when they were transmitted within its window.
   */
  public long completed(Chan chan) {
    return mode.completed(chan);
  }

  /**
   * True when a message sent now on the OUT channel {@code chan} would be transmitted at once, or refused at once:
   * nothing waits before it and the peer's capacity leaves room (extended mode; compat mode has no flow control).
   * A select's send case and a blocked send wait until then.
   */
  public boolean hasRoom(Chan chan) {
    return isClosed() || chan.cancelled || chan.localEnded || out.hasRoom(chan);
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
    mode.cancel(stream);
  }

  /**
   * This side will never write on {@code stream} (a message field bound to {@code InputStream} or
   * {@code OutputStream}). Extended mode: ends the direction at once, like {@link #end}. Compat mode: sends nothing,
   * because a jschan session processes no frame after a byte-stream END (PROTOCOL.md section 9); the id is freed
   * once the peer's direction has ended.
   */
  public void abandonOutput(Chan stream) {
    mode.abandonOutput(this, out, stream);
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
   * mode this returns credit to the writer when {@link Mode#consumed} says so: in batches of half the capacity or
   * window, or at once when the writer may be waiting for it.
   */
  public void consumed(Chan chan, long n) {
    if (closedCause == null && chan.isBound() && !chan.discarding) mode.consumed(chan, n);
  }

  /**
   * Advances the owner's clock (extended mode keepalive): sends a ping when nothing arrived for one interval and
   * throws {@link ProtocolException} ({@link CloseCodes#KEEPALIVE_TIMEOUT}) when nothing arrived for two.
   */
  public void tick(long nowMillis) {
    link.setTime(nowMillis);
    if (closedCause == null) mode.tick();
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
    in.held.clear();
    link.release();
    for (Chan chan : open) {
      if (chan.handler != null) chan.handler.onFailed(chan, cause);
    }
  }

  public boolean isClosed() {
    return closedCause != null;
  }

  /** What this engine counted (messages, bytes, channels) since it started; read under the owner's serialisation. */
  public Traffic traffic() {
    return traffic;
  }

  /** Channels and streams in the id table (both sides'). */
  /** Frames held for references that have not arrived (PROTOCOL.md 6.5). */
  public int heldCount() {
    return in.held.count();
  }

  public int openCount() {
    return chans.size();
  }

  /** For tests: the next id to allocate (to reach the end of the id space). */
  void setNextIdForTest(long id) {
    chans.setNextIdForTest(id);
  }

  /** Frames held for references that have not arrived yet. */
  public int pendingFrameCount() {
    return in.held.count();
  }

  // ---------------------------------------------------------------- inbound

  /**
   * Processes one transport message holding one or more whole frames.
   *
   * @throws ProtocolException the peer broke the protocol or a limit; the session must end with its close code
   */
  public void receive(byte[] buf, int off, int len) {
    checkOpen();
    traffic.bytesIn += len;
    if (len > limits.maxMessageBytes()) {
      throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
          "message of " + len + " bytes exceeds maxMessageBytes " + limits.maxMessageBytes());
    }
    if (len == 0) return; // carries no frame; tolerated as jschan's stream decoder does
    in.receive(buf, off, len);
  }

  private void checkOpen() {
    if (closedCause != null) throw closedCause;
  }

  static ProtocolException protocol(String message) {
    return new ProtocolException(CloseCodes.PROTOCOL_ERROR, message);
  }

}
