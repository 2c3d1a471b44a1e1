package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.ChanException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.internal.engine.ExtendedMode;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Inbox;
import org.libchan4j.js.internal.Js;
import org.libchan4j.js.internal.Socket;
import org.libchan4j.js.internal.WebSockets;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * A libchan session over one WebSocket, as JavaScript sees it ({@code connect()} returns one). It owns one
 * {@link Engine}; everything runs on the page's event loop, and application callbacks run in microtasks, never
 * inside the engine.
 *
 * <p>Mode (PROTOCOL.md section 1.2): {@code connect} offers the subprotocols {@code libchan4j.compat} and
 * {@code libchan4j.v1} (unless {@code options.mode} is {@code 'compat'}); the engine speaks the extended mode
 * (section 14: credits, error and cancel frames, keepalive) when the server selected {@code libchan4j.v1}, else
 * jschan's compat framing. In the extended mode a timer drives keepalive until the session ends.
 *
 * <p>Lifecycle: open from {@code connect()} until {@link #close}, the server's close or a protocol violation. It
 * then ends once: every channel and stream still open fails with the session's ChanError, {@link #accept} yields
 * {@code undefined} (orderly close) or rejects, and {@link #getClosed closed} resolves with {@code {code, reason}}
 * after an orderly close (1000, 1001, 1005, or any close this side asked for) or rejects with the ChanError.
 */
public final class Session implements Engine.Listener {
  /** Prototypes of the exported classes, for recognising this library's objects inside messages. */
  static JSObject prototypes;

  final Limits limits = Limits.defaults();
  private final String url;
  private final Socket socket;
  /** The extended-mode settings to use if the server selects {@code libchan4j.v1}. */
  private final ExtendedMode ext;
  private final int keepAlive;
  /** Built when the WebSocket opens, in the mode the server selected. */
  private Engine engine;
  /** The keepalive timer (extended mode); null when there is none. */
  private JSObject timer;
  private final Inbox accepted = new Inbox(null);
  private final List<Endpoint> unbound = new ArrayList<>();
  private final Deferred closed;
  /** Settled when the WebSocket opens or fails to; null after. */
  private Deferred connecting;
  private boolean open;
  /** The ChanError every pending operation fails with once the session has ended; null while it lives. */
  JSObject endError;

  /** For the prototype lookup at start-up only. */
  Session() {
    url = null;
    socket = null;
    ext = null;
    keepAlive = 0;
    closed = null;
  }

  private Session(String url, Socket socket, Deferred connecting, ExtendedMode ext, int keepAlive) {
    this.url = url;
    this.socket = socket;
    this.connecting = connecting;
    this.ext = ext;
    this.keepAlive = keepAlive;
    this.closed = Js.deferred();
    Js.handled(closed.getPromise());
    socket.setBinaryType("arraybuffer");
    socket.setOnOpen(e -> onOpen());
    socket.setOnMessage(this::onSocketMessage);
    socket.setOnClose(this::onSocketClose);
    socket.setOnError(e -> { }); // a close event with the details follows
  }

  /** Opens a WebSocket to {@code url}; the promise resolves with the session once it is open. */
  static JSObject connect(String url, JSObject options) {
    if (url == null || url.isEmpty()) {
      return Js.rejected(Errors.create(Errors.CONNECT_FAILED, "connect() needs a WebSocket URL", 0));
    }
    JSObject mode = Js.option(options, "mode");
    boolean compat = "compat".equals(Js.text(mode));
    if (!compat && !Js.isUndefined(mode) && !"auto".equals(Js.text(mode))) {
      return Js.rejected(Js.typeError("options.mode must be 'auto' or 'compat', not " + Js.text(mode)));
    }
    int capacity = Js.intOption(options, "capacity", 64, 0);
    int window = Js.intOption(options, "streamWindow", 256 * 1024, 1024);
    int keepAlive = Js.intOption(options, "keepAlive", 25000, 0);
    if (capacity < 0 || window < 0 || keepAlive < 0) {
      return Js.rejected(Js.typeError("options: capacity must be an integer in 0..2^31-1, streamWindow in"
          + " 1024..2^31-1 (bytes), keepAlive in 0..2^31-1 (ms, 0 = none)"));
    }
    String target = Js.resolveUrl(url);
    JSObject ctor = WebSockets.constructorFrom(options);
    if (ctor == null) {
      return Js.rejected(Errors.create(Errors.CONNECT_FAILED, "no WebSocket implementation: pass one as"
          + " options.WebSocket (in Node, the 'ws' package)", 0));
    }
    JSObject socket = WebSockets.create(ctor, target, !compat);
    if (WebSockets.isString(socket)) {
      return Js.rejected(Errors.create(Errors.CONNECT_FAILED, "invalid WebSocket URL '" + url + "': "
          + Js.asString(socket), 0));
    }
    Deferred connecting = Js.deferred();
    new Session(target, (Socket) socket, connecting, compat ? null : new ExtendedMode(capacity, window, keepAlive),
        keepAlive);
    return connecting.getPromise();
  }

  // ---------------------------------------------------------------- JavaScript API

  /** Opens a new top-level channel toward the server. */
  @JSExport
  public Sender newSender() {
    checkOpen();
    Sender sender = new Sender(this, "top-level");
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
    return track(new Receiver(this, "new"), Chan.Kind.IN, capacity);
  }

  /** A byte stream to put in a message: the peer gets the other end. */
  @JSExport
  public ByteStream newByteStream() {
    checkOpen();
    return track(new ByteStream(this, "new"), Chan.Kind.STREAM, -1);
  }

  /** A channel to put in a message that this side writes: the peer gets its Receiver. */
  Sender newNestedSender() {
    checkOpen();
    return track(new Sender(this, "new"), Chan.Kind.OUT, -1);
  }

  /** The next top-level channel the server opens; {@code undefined} once the session closed normally. */
  @JSExport
  public JSObject accept() {
    return accepted.take();
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
    return url;
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
      return Js.rejected(error(e));
    }
    for (Endpoint ref : refs) ref.transferred = true;
    if (!sender.chan.isBound()) return sender.queue(tree, refs);
    return sendNow(sender, tree, refs);
  }

  /**
   * Sends a converted message on a bound channel. The promise resolves when the engine counts it complete (at
   * once in compat mode; within the receiver's capacity, or once taken when it is 0, in the extended mode).
   */
  JSObject sendNow(Sender sender, Object tree, List<Endpoint> refs) {
    long seq;
    try {
      seq = engine.send(sender.chan, tree);
    } catch (RuntimeException e) {
      for (Endpoint ref : refs) ref.transferred = false;
      return Js.rejected(error(e));
    }
    for (Endpoint ref : refs) {
      unbound.remove(ref);
      ref.onBound();
    }
    return sender.completions.track(seq, engine.completed(sender.chan));
  }

  /**
   * Sends bytes on a bound stream, in chunks of at most 64 KiB (PROTOCOL.md section 7.5); the promise resolves
   * once they fit the reader's window (extended mode) or at once (compat).
   */
  JSObject sendBytes(ByteStream stream, byte[] bytes) {
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
    if (e instanceof EncodingException) return Errors.create(Errors.ENCODING, e.getMessage(), 0);
    if (e instanceof ChannelClosedException) return Errors.create(Errors.CHANNEL_CLOSED, e.getMessage(), 0);
    if (e instanceof ChannelFailedException) {
      return Errors.channelFailed(((ChannelFailedException) e).code(), e.getMessage());
    }
    if (e instanceof ProtocolException) { // this side ran out of ids: the session cannot go on
      int code = ((ProtocolException) e).closeCode();
      fail(code, e.getMessage());
      return endError;
    }
    if (e instanceof ChanException) return Errors.create(Errors.LIMIT, e.getMessage(), 0);
    return Errors.create(Errors.INTERNAL, "internal error: " + e, 0);
  }

  private <T extends Endpoint> T track(T end, Chan.Kind kind, int capacity) {
    end.chan = engine.newUnbound(kind, end, capacity);
    end.chan.attachment = end;
    unbound.add(end);
    return end;
  }

  // ---------------------------------------------------------------- engine

  private void transmit(byte[] frame) {
    socket.send(Int8Array.fromJavaArray(frame));
  }

  @Override
  public void onInboundChannel(Chan chan) {
    Receiver receiver = new Receiver(this, "top-level");
    receiver.chan = chan;
    chan.attachment = receiver;
    chan.setHandler(receiver);
    accepted.push(js(receiver));
  }

  @Override
  public void onReference(Chan chan) {
    Endpoint end;
    switch (chan.kind()) {
      case IN:
        end = new Receiver(this, "received");
        break;
      case OUT:
        end = new Sender(this, "received");
        break;
      default:
        end = new ByteStream(this, "received");
        break;
    }
    end.chan = chan;
    chan.attachment = end;
    chan.setHandler(end);
  }

  // ---------------------------------------------------------------- WebSocket events

  private void onOpen() {
    open = true;
    boolean extended = ext != null && "libchan4j.v1".equals(WebSockets.protocol(socket));
    engine = new Engine(true, extended ? ext : null, limits, this, this::transmit);
    engine.start((long) Js.now());
    if (extended && keepAlive > 0) timer = Js.every(e -> tick(), Math.max(10, keepAlive / 4));
    Deferred d = connecting;
    connecting = null;
    if (d != null) d.resolve(js(this));
  }

  private void onSocketMessage(JSObject event) {
    if (endError != null) return;
    JSObject data = WebSockets.data(event);
    if (WebSockets.isString(data)) {
      fail(CloseCodes.UNSUPPORTED_DATA, "text message received; libchan frames are binary msgpack");
      return;
    }
    byte[] bytes = Js.bytesView(data).copyToJavaArray();
    if (timer != null) clockIn();
    try {
      engine.receive(bytes, 0, bytes.length);
    } catch (ProtocolException e) {
      fail(e.closeCode(), e.getMessage());
    } catch (RuntimeException e) {
      fail(CloseCodes.INTERNAL_ERROR, "internal error: " + e);
    }
  }

  private void onSocketClose(JSObject event) {
    int code = WebSockets.code(event);
    String reason = WebSockets.reason(event);
    if (!open) {
      Deferred d = connecting;
      connecting = null;
      JSObject error = Errors.create(Errors.CONNECT_FAILED, "could not connect to " + url + ": the connection"
          + " closed before it opened (" + describe(code, reason) + "; refused, unreachable, or the handshake"
          + " was rejected)", code);
      end(code, reason, error, false, false);
      if (d != null) d.reject(error);
      return;
    }
    String by = code == CloseCodes.ABNORMAL ? "the connection dropped" : "session closed by the server";
    end(code, reason, Errors.create(Errors.SESSION_CLOSED, by + " (" + describe(code, reason) + ")", code),
        false, false);
  }

  /** Keepalive (extended mode): pings a silent server, and ends the session (4000) when it stays silent. */
  private void tick() {
    if (endError != null) return;
    try {
      engine.tick((long) Js.now());
    } catch (ProtocolException e) {
      end(e.closeCode(), e.getMessage(), Errors.create(Errors.SESSION_CLOSED, "session failed: " + e.getMessage(),
          e.closeCode()), true, false);
    }
  }

  /**
   * Sets the engine's clock before an arrival, which the engine stamps with the time of its last tick: a page's
   * timers may run late (a hidden tab's run once a minute), and a stale stamp would end a live session. A timeout
   * this tick would report is moot, since a frame is arriving now.
   */
  private void clockIn() {
    try {
      engine.tick((long) Js.now());
    } catch (ProtocolException lateTimer) {
      // the frame arriving now counts as arrival (PROTOCOL.md section 14.5)
    }
  }

  private static String describe(int code, String reason) {
    return code + " " + CloseCodes.name(code) + (reason.isEmpty() ? "" : ": " + reason);
  }

  /** This side found the peer at fault: end with {@code code} and tell the server. */
  private void fail(int code, String message) {
    end(code, message, Errors.create(Errors.PROTOCOL, "session failed: " + message, code), true, false);
  }

  private void end(int code, String reason, JSObject error, boolean closeSocket, boolean byApplication) {
    if (endError != null) return;
    endError = error;
    if (timer != null) Js.cancelTimer(timer);
    if (engine != null) engine.close(new SessionClosedException(code, "session ended", null));
    for (Endpoint end : unbound) end.onUnboundFailed();
    unbound.clear();
    boolean orderly = byApplication
        || Errors.SESSION_CLOSED.equals(Js.asString(Js.prop(error, "code")))
        && (code == CloseCodes.NORMAL || code == CloseCodes.GOING_AWAY || code == 1005);
    if (orderly) {
      accepted.end();
      closed.resolve(Js.closeInfo(code, reason));
    } else {
      accepted.fail(error);
      closed.reject(error);
    }
    if (closeSocket) socket.close(wireCode(code), truncate(reason, 123));
  }

  /** Browsers send only 1000 and 3000-4999: RFC codes 1001-1999 go out as 4001-4999 (1002 as 4002...). */
  static int wireCode(int code) {
    if (code == CloseCodes.NORMAL || code >= 3000 && code <= 4999) return code;
    if (code > 1000 && code < 2000) return 3000 + code;
    return CloseCodes.NORMAL;
  }

  /** The longest prefix of {@code s} of at most {@code max} UTF-8 bytes, cut at a character boundary. */
  static String truncate(String s, int max) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int n = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
      if (bytes + n > max) return s.substring(0, i);
      bytes += n;
      if (n == 4) i++;
    }
    return s;
  }

  /** The JavaScript view of one of this library's objects (the object itself). */
  @JSBody(params = "o", script = "return o;")
  static native JSObject js(Object o);
}
