package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Inbox;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * A libchan session over one WebSocket, as JavaScript sees it ({@code connect()} returns one). It owns one
 * {@link Engine}; everything runs on the page's event loop, and application callbacks run in microtasks, never
 * inside the engine.
 *
 * <p>Mode (PROTOCOL.md section 1.2): {@code connect} offers the subprotocols {@code libchan4j.compat} and
 * {@code libchan4j.v1} (unless {@code options.mode} is {@code 'compat'}); the engine speaks the extended mode
 * (section 14: credits, error and cancel frames, keepalive) when the server selected {@code libchan4j.v1}, else
 * jschan's compat framing. In the extended mode a timer drives keepalive, acks and the resume window until the
 * session ends.
 *
 * <p>Resumption (PROTOCOL.md section 14.6, extended mode, on unless {@code options.resumeWindow} is 0): a dropped
 * WebSocket suspends the session instead of ending it, and the {@link Connection} reconnects (its javadoc says how).
 *
 * <p>Lifecycle: open from {@code connect()} until {@link #close}, the server's close or a protocol violation. It
 * then ends once: every channel and stream still open fails with the session's ChanError, {@link #accept} yields
 * {@code undefined} (orderly close) or rejects, and {@link #getClosed closed} resolves with {@code {code, reason}}
 * after an orderly close (1000, 1001, 1005, or any close this side asked for) or rejects with the ChanError.
 */
public final class Session implements Engine.Listener {
  /** Prototypes of the exported classes, for recognising this library's objects inside messages. */
  static JSObject prototypes;

  final Limits limits;
  /** Bytes of received messages and chunks queued for the application (bounded by maxBufferedBytes). */
  private double buffered;
  /** The wire: WebSocket, outbox, timer, reconnection. */
  private Connection connection;
  /** Built when the WebSocket opens, in the mode the server selected. */
  Engine engine;
  private Js.Callback onState;
  private final Inbox accepted = new Inbox(null);
  private final List<Endpoint> unbound = new ArrayList<>();
  private final Deferred closed;
  /** The ChanError every pending operation fails with once the session has ended; null while it lives. */
  JSObject endError;

  /** For the prototype lookup at start-up only. */
  Session() {
    closed = null;
    limits = null;
  }

  private Session(Deferred closed, Limits limits) {
    this.closed = closed;
    this.limits = limits;
    Js.handled(closed.getPromise());
  }

  /** A new session whose connection the caller attaches ({@link Connection#connect}). */
  static Session create(Deferred closed, Limits limits) {
    return new Session(closed, limits);
  }

  void attach(Connection c) {
    connection = c;
  }

  // ---------------------------------------------------------------- JavaScript API

  /** Opens a new top-level channel toward the server. */
  @JSExport
  public Sender newSender() {
    checkOpen();
    Sender sender = new Sender(this, false);
    try {
      sender.chan = engine.openChannel(sender);
    } catch (RuntimeException e) {
      Js.raise(error(e));
    }
    sender.chan.attachment = sender;
    return sender;
  }

  /**
   * A channel to put in a message: the peer gets its Sender, this side reads. {@code options.capacity} (extended
   * mode) is its capacity, announced to the writer; default the session's.
   */
  @JSExport
  public Receiver newReceiver(JSObject options) {
    checkOpen();
    int capacity = Js.intOption(options, "capacity", -1, 0);
    if (capacity == -2) {
      Js.raise(Js.typeError("newReceiver: capacity must be an integer in 0..2^31-1, not "
          + Js.text(Js.option(options, "capacity"))));
    }
    return track(new Receiver(this, true), Chan.Kind.IN, capacity);
  }

  /** A byte stream to put in a message: the peer gets the other end. */
  @JSExport
  public ByteStream newByteStream() {
    checkOpen();
    return track(new ByteStream(this, true), Chan.Kind.STREAM, -1);
  }

  /** A channel to put in a message that this side writes: the peer gets its Receiver. */
  Sender newNestedSender() {
    checkOpen();
    return track(new Sender(this, true), Chan.Kind.OUT, -1);
  }

  /**
   * The next top-level channel the server opens; {@code undefined} once the session closed normally.
   * {@code options.signal} as for {@link Receiver#receive}.
   */
  @JSExport
  public JSObject accept(JSObject options) {
    return accepted.take(Js.option(options, "signal"));
  }

  /** Hands every top-level channel the server opens (queued ones first) to {@code callback} instead of accept(). */
  @JSExport
  public Session onChannel(Js.Callback callback) {
    accepted.onItem(callback);
    return this;
  }

  /**
   * Closes the session (default 1000). Browsers only let a page send 1000 or 3000-4999. Open channels fail with
   * SESSION_CLOSED; {@code closed} resolves. Idempotent.
   */
  @JSExport
  public void close(JSObject code, JSObject reason) {
    int c = Js.isNullish(code) ? CloseCodes.NORMAL : (int) Js.asNumber(code);
    if (c != CloseCodes.NORMAL && (c < 3000 || c > 4999)) {
      Js.raise(Js.typeError("close code must be 1000 or in 3000-4999 (a browser may send no other): " + c));
    }
    String r = Js.isNullish(reason) ? "" : Js.asString(reason);
    end(c, r, Errors.create(Errors.SESSION_CLOSED, "session closed by this side", c), true, true);
  }

  /** Resolves with {@code {code, reason}} after an orderly close, rejects with a ChanError otherwise. */
  @JSExport
  @JSProperty
  public JSObject getClosed() {
    return closed.getPromise();
  }

  /** True until the session has ended. */
  @JSExport
  @JSProperty
  public boolean isOpen() {
    return endError == null;
  }

  /**
   * {@code 'connected'}, {@code 'suspended'} (the connection dropped; reconnecting to resume, channels stay open)
   * or {@code 'closed'} (the session has ended).
   */
  @JSExport
  @JSProperty
  public String getState() {
    return endError != null ? "closed" : connection.suspendedAt >= 0 ? "suspended" : "connected";
  }

  /** Calls {@code callback(state)} (in a microtask) each time {@link #getState state} changes; one callback. */
  @JSExport
  public Session onStateChange(Js.Callback callback) {
    onState = callback;
    return this;
  }

  /** {@code 'extended'} when the server selected {@code libchan4j.v1}, else {@code 'compat'}. */
  @JSExport
  @JSProperty
  public String getMode() {
    return engine != null && engine.isExtended() ? "extended" : "compat";
  }

  /** The WebSocket URL. */
  @JSExport
  @JSProperty
  public String getUrl() {
    return connection.url();
  }

  // ---------------------------------------------------------------- used by the ends

  JSObject send(Sender sender, JSObject message) {
    if (endError != null) return Js.rejected(endError);
    if (sender.endRequested) {
      return Js.rejected(Errors.create(Errors.CHANNEL_CLOSED, "this Sender is closed", 0));
    }
    List<Endpoint> refs = new ArrayList<>();
    Object tree;
    try {
      tree = Values.toTree(this, message, refs);
    } catch (RuntimeException e) {
      untrack(refs);
      return Js.rejected(error(e));
    }
    for (Endpoint ref : refs) {
      ref.transferred = true;
      if (ref.source != null) ref.source.transferred = true;
    }
    if (!sender.chan.isBound()) return sender.queue(tree, refs);
    return sendNow(sender, tree, refs);
  }

  /**
   * Sends a converted message on a bound channel. The promise resolves when the engine counts it complete (at
   * once in compat mode; within the receiver's capacity, or once taken when it is 0, in the extended mode).
   */
  JSObject sendNow(Endpoint sender, Object tree, List<Endpoint> refs) {
    long seq;
    try {
      seq = engine.send(sender.chan, tree);
    } catch (RuntimeException e) {
      untrack(refs);
      return Js.rejected(error(e));
    }
    for (Endpoint ref : refs) {
      unbound.remove(ref);
      ref.onBound();
      if (ref.source != null) ref.startCopy();
    }
    return sender.completions.track(seq, engine.completed(sender.chan));
  }

  /**
   * Sends bytes on a bound stream, in chunks of at most 64 KiB (PROTOCOL.md section 7.5); the promise resolves
   * once they fit the reader's window (extended mode) or at once (compat).
   */
  JSObject sendBytes(Endpoint stream, byte[] bytes) {
    long seq = 0;
    try {
      for (int off = 0; off < bytes.length; off += 65536) {
        seq = engine.sendBytes(stream.chan, bytes, off, Math.min(65536, bytes.length - off));
      }
    } catch (RuntimeException e) {
      return Js.rejected(error(e));
    }
    return stream.completions.track(seq, engine.completed(stream.chan));
  }

  /** How far what was sent on {@code chan} is complete (see {@link Engine#completed}). */
  long completed(Chan chan) {
    return engine.completed(chan);
  }

  /** The application took {@code n} messages or bytes from a reading direction: credit for the writer. */
  void consumed(Chan chan, int n) {
    if (endError == null) engine.consumed(chan, n);
  }

  /** Ends this side's direction of a bound channel or stream, or stops reading an inbound channel. */
  void endChan(Chan chan) {
    if (endError == null) engine.end(chan);
  }

  /** Stops reading a bound stream (extended mode: the writer is told). */
  void cancelInput(Chan chan) {
    if (endError == null) engine.cancelInput(chan);
  }

  /**
   * {@code bytes} more (negative: fewer) of what the peer sent wait for the application. Past maxBufferedBytes the
   * peer has outrun the application: the session ends with 1008 (thrown from inside the engine's delivery, which
   * ends the session as any protocol violation does), as on the JVM.
   */
  void hold(int bytes) {
    buffered += bytes;
    if (bytes > 0 && buffered > limits.maxBufferedBytes()) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "more than maxBufferedBytes "
          + limits.maxBufferedBytes() + " bytes received and not yet read by the application");
    }
  }

  /** Fails what this side writes on a bound channel (extended mode; compat mode ends it). */
  void failChan(Chan chan, int code, String message) {
    if (endError == null) engine.fail(chan, code, message);
  }

  /** True when the engine speaks the extended mode. */
  boolean isExtended() {
    return engine.isExtended();
  }

  void checkOpen() {
    if (endError != null) Js.raise(endError);
  }

  /** The ChanError for an exception from the engine. */
  JSObject error(RuntimeException e) {
    if (e instanceof SessionClosedException && endError != null) return endError;
    if (e instanceof ProtocolException) { // this side ran out of ids: the session cannot go on
      fail(((ProtocolException) e).closeCode(), e.getMessage());
      return endError;
    }
    return Errors.of(e);
  }

  /**
   * The end that stands in for {@code source} (not made to travel, or of another session) in a message: a new
   * channel or stream of the opposite role, copied to or from it once the message was sent (see {@link Endpoint}).
   */
  Endpoint forwarder(Endpoint source) {
    Endpoint end = source instanceof Receiver ? track(new Sender(this, true), Chan.Kind.OUT, -1)
        : source instanceof Sender ? track(new Receiver(this, true), Chan.Kind.IN, -1)
        : track(new ByteStream(this, true), Chan.Kind.STREAM, -1);
    end.source = source;
    return end;
  }

  /** A message was not sent: its ends may travel later, and its forwarders are dropped. */
  private void untrack(List<Endpoint> refs) {
    for (Endpoint ref : refs) {
      ref.transferred = false;
      if (ref.source != null) {
        ref.source.transferred = false;
        unbound.remove(ref);
      }
    }
  }

  private <T extends Endpoint> T track(T end, Chan.Kind kind, int capacity) {
    end.chan = engine.newUnbound(kind, end, capacity);
    end.chan.attachment = end;
    unbound.add(end);
    return end;
  }

  // ---------------------------------------------------------------- engine

  @Override
  public void onInboundChannel(Chan chan) {
    Receiver receiver = new Receiver(this, false);
    receiver.chan = chan;
    chan.attachment = receiver;
    chan.setHandler(receiver);
    accepted.push(js(receiver), 0);
  }

  @Override
  public void onReference(Chan chan) {
    // An if chain rather than a switch on the enum, which would cost a class in the bundle.
    Chan.Kind kind = chan.kind();
    Endpoint end = kind == Chan.Kind.IN ? new Receiver(this, false)
        : kind == Chan.Kind.OUT ? new Sender(this, false) : new ByteStream(this, false);
    end.chan = chan;
    chan.attachment = end;
    chan.setHandler(end);
  }

  void state(String state) {
    if (onState != null) Js.later(onState, Js.fromString(state));
  }

  /** This side found the peer at fault: end with {@code code} and tell the server. */
  void fail(int code, String message) {
    end(code, message, Errors.create(Errors.PROTOCOL, "session failed: " + message, code), true, false);
  }

  void end(int code, String reason, JSObject error, boolean closeSocket, boolean byApplication) {
    if (endError != null) return;
    endError = error;
    if (engine != null) engine.close(new SessionClosedException(code, "session ended", null));
    for (Endpoint end : unbound) end.onUnboundFailed();
    unbound.clear();
    boolean orderly = byApplication
        || Errors.SESSION_CLOSED.equals(Js.asString(Js.prop(error, "code")))
        && SessionRules.isOrderly(code);
    if (orderly) {
      accepted.end();
      closed.resolve(Js.closeInfo(code, reason));
    } else {
      accepted.fail(error);
      closed.reject(error);
    }
    state("closed");
    connection.end(code, reason, closeSocket);
  }

  /** The JavaScript view of one of this library's objects (the object itself). */
  @JSBody(params = "o", script = "return o;")
  static native JSObject js(Object o);
}
