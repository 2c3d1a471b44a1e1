package org.libchan4j.js;

import java.util.ArrayDeque;
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
import org.libchan4j.internal.engine.FrameBatch;
import org.libchan4j.internal.engine.SessionRules;
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
 * jschan's compat framing. In the extended mode a timer drives keepalive, acks and the resume window until the
 * session ends.
 *
 * <p>Resumption (PROTOCOL.md section 14.6, extended mode, on unless {@code options.resumeWindow} is 0): when the
 * WebSocket of a resumable session drops (1006, or a keepalive timeout) the session is <em>suspended</em>, not
 * ended: the engine is detached (frames go on into its replay buffer), channels stay open, and a new WebSocket to
 * the same URL ({@code libchan4j.v1} only) is opened at once, then after failed attempts with exponential backoff
 * ({@code reconnectDelay} doubling to {@code reconnectMaxDelay}, plus up to 20% jitter). Once open it sends the
 * resume request; the server's {@code resumed} makes the session {@code 'connected'} again. A session not resumed
 * within {@code resumeWindow} ends with 1006; a refusal (4100) ends it with the server's code and reason.
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
  /** The WebSocket class, for reconnecting. */
  private final JSObject ctor;
  /** The current WebSocket (connected, or a reconnect attempt); null while suspended between attempts. */
  private Socket socket;
  /** The extended-mode settings to use if the server selects {@code libchan4j.v1}. */
  private final ExtendedMode ext;
  private final int keepAlive;
  /** Resumption settings (ms): the resume window (0 = none) and the reconnect backoff. */
  private final int resumeWindow, reconnectDelay, reconnectMaxDelay;
  /** Built when the WebSocket opens, in the mode the server selected. */
  private Engine engine;
  /** The keepalive timer (extended mode); null when there is none. */
  private JSObject timer;
  /** When the connection dropped ({@code Date.now()}), -1 while connected. */
  private double suspendedAt = -1;
  private String suspendedWhy;
  /** Failed reconnect attempts since the last open (the backoff exponent); the pending retry's timer or null. */
  private int failures;
  private JSObject retry;
  private Js.Callback onState;
  private final Inbox accepted = new Inbox(null);
  /** Frames queued for {@link #outboxSocket} in the current task (see {@link #transmit}). */
  private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  private Socket outboxSocket;
  private boolean flushScheduled;
  private final List<Endpoint> unbound = new ArrayList<>();
  private final Deferred closed;
  /** Settled when the WebSocket opens or fails to; null after. */
  private Deferred connecting;
  /** The ChanError every pending operation fails with once the session has ended; null while it lives. */
  JSObject endError;

  /** For the prototype lookup at start-up only. */
  Session() {
    url = null;
    ctor = null;
    ext = null;
    keepAlive = resumeWindow = reconnectDelay = reconnectMaxDelay = 0;
    closed = null;
  }

  private Session(String url, JSObject ctor, Socket socket, Deferred connecting, ExtendedMode ext, int keepAlive,
      int resumeWindow, int reconnectDelay, int reconnectMaxDelay) {
    this.url = url;
    this.ctor = ctor;
    this.connecting = connecting;
    this.ext = ext;
    this.keepAlive = keepAlive;
    this.resumeWindow = resumeWindow;
    this.reconnectDelay = reconnectDelay;
    this.reconnectMaxDelay = reconnectMaxDelay;
    this.closed = Js.deferred();
    Js.handled(closed.getPromise());
    attach(socket);
  }

  /** Makes {@code s} the current WebSocket; events of a WebSocket that is no longer current are ignored. */
  private void attach(Socket s) {
    socket = s;
    s.setBinaryType("arraybuffer");
    s.setOnOpen(e -> onOpen(s));
    s.setOnMessage(e -> onSocketMessage(s, e));
    s.setOnClose(e -> onSocketClose(s, e));
    s.setOnError(e -> { }); // a close event with the details follows
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
    int capacity = Js.intOption(options, "capacity", 1024, 0);
    int window = Js.intOption(options, "streamWindow", 1024 * 1024, 1024);
    int keepAlive = Js.intOption(options, "keepAlive", 25000, 0);
    int resumeWindow = Js.intOption(options, "resumeWindow", 30000, 0);
    int replayWindow = Js.intOption(options, "replayWindow", 1 << 20, 1024);
    int delay = Js.intOption(options, "reconnectDelay", 100, 1);
    int maxDelay = Js.intOption(options, "reconnectMaxDelay", 5000, 1);
    if (capacity < 0 || window < 0 || keepAlive < 0 || resumeWindow < 0 || replayWindow < 0 || delay < 0
        || maxDelay < 0) {
      return Js.rejected(Js.typeError("options: capacity must be an integer in 0..2^31-1, streamWindow and"
          + " replayWindow in 1024..2^31-1 (bytes), keepAlive and resumeWindow in 0..2^31-1 (ms, 0 = none),"
          + " reconnectDelay and reconnectMaxDelay in 1..2^31-1 (ms)"));
    }
    String target = Js.resolveUrl(url);
    JSObject ctor = WebSockets.constructorFrom(options);
    if (ctor == null) {
      return Js.rejected(Errors.create(Errors.CONNECT_FAILED, "no WebSocket implementation: pass one as"
          + " options.WebSocket (in Node, the 'ws' package)", 0));
    }
    JSObject socket = WebSockets.create(ctor, target, compat ? WebSockets.OFFER_NONE : WebSockets.OFFER_BOTH);
    if (WebSockets.isString(socket)) {
      return Js.rejected(Errors.create(Errors.CONNECT_FAILED, "invalid WebSocket URL '" + url + "': "
          + Js.asString(socket), 0));
    }
    Deferred connecting = Js.deferred();
    new Session(target, ctor, (Socket) socket, connecting, compat ? null
        : new ExtendedMode(capacity, window, keepAlive, resumeWindow > 0 ? replayWindow : 0, null), keepAlive,
        resumeWindow, delay, maxDelay);
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

  /**
   * {@code 'connected'}, {@code 'suspended'} (the connection dropped; reconnecting to resume, channels stay open)
   * or {@code 'closed'} (the session has ended).
   */
  @JSExport
  @JSProperty
  public String getState() {
    return endError != null ? "closed" : suspendedAt >= 0 ? "suspended" : "connected";
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

  /**
   * Engine output: frames are queued and leave together, in as few WebSocket messages as {@link FrameBatch}
   * allows: at the end of the WebSocket or timer event that produced them, and for API calls from a microtask, so
   * that what one task sends (a reply and its END) shares a message.
   */
  private void transmit(byte[] frame) {
    if (socket == null) return;
    if (outboxSocket != socket) {
      outbox.clear(); // frames queued for a connection that is gone are in the replay buffer, if anywhere
      outboxSocket = socket;
    }
    outbox.add(frame);
    if (!flushScheduled) {
      flushScheduled = true;
      Js.later(v -> flushOutbox(), null);
    }
  }

  /** Sends what {@link #transmit} queued on the socket it was queued for, if that is still the current one. */
  private void flushOutbox() {
    flushScheduled = false;
    if (outboxSocket != socket || socket == null) {
      outbox.clear();
      return;
    }
    for (byte[] batch; (batch = FrameBatch.take(outbox, FrameBatch.MAX_BATCH)) != null; ) {
      socket.send(Int8Array.fromJavaArray(batch));
    }
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

  private void onOpen(Socket s) {
    if (s != socket) return;
    if (engine != null) { // a reconnect: ask the server to resume
      if (endError != null) return;
      if (!"libchan4j.v1".equals(WebSockets.protocol(s))) {
        end(CloseCodes.RESUME_REFUSED, "the server no longer offers libchan4j.v1", Errors.create(
            Errors.SESSION_CLOSED, "session not resumed: the server no longer offers libchan4j.v1",
            CloseCodes.RESUME_REFUSED), true, false);
        return;
      }
      failures = 0;
      engine.resume((long) Js.now());
      flushOutbox(); // the resume request goes alone, first
      return;
    }
    boolean extended = ext != null && "libchan4j.v1".equals(WebSockets.protocol(s));
    engine = new Engine(true, extended ? ext : null, limits, this, this::transmit);
    engine.start((long) Js.now());
    flushOutbox();
    long period = SessionRules.tickPeriod(keepAlive, resumeWindow);
    if (extended && period > 0) timer = Js.every(e -> tick(), (int) period);
    Deferred d = connecting;
    connecting = null;
    if (d != null) d.resolve(js(this));
  }

  private void onSocketMessage(Socket s, JSObject event) {
    if (endError != null || s != socket) return;
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
      return;
    } catch (RuntimeException e) {
      fail(CloseCodes.INTERNAL_ERROR, "internal error: " + e);
      return;
    }
    if (suspendedAt >= 0 && engine.isLinked()) { // the server's resumed arrived
      suspendedAt = -1;
      state("connected");
    }
    flushOutbox(); // what the message made the engine send (credits, pongs, replays) leaves with this event
  }

  private void onSocketClose(Socket s, JSObject event) {
    if (s != socket) return;
    int code = WebSockets.code(event);
    String reason = WebSockets.reason(event);
    if (engine == null) {
      Deferred d = connecting;
      connecting = null;
      JSObject error = Errors.create(Errors.CONNECT_FAILED, "could not connect to " + url + ": the connection"
          + " closed before it opened (" + describe(code, reason) + "; refused, unreachable, or the handshake"
          + " was rejected)", code);
      end(code, reason, error, false, false);
      if (d != null) d.reject(error);
      return;
    }
    // A drop (no close handshake, or the server's keepalive timeout) suspends a resumable session (section 14.6).
    if (SessionRules.isDrop(code, false) && resumable()) {
      dropped(describe(code, reason));
      return;
    }
    String by = code == CloseCodes.RESUME_REFUSED ? "the server refused to resume the session"
        : code == CloseCodes.ABNORMAL ? "the connection dropped" : "session closed by the server";
    end(code, reason, Errors.create(Errors.SESSION_CLOSED, by + " (" + describe(code, reason) + ")", code),
        false, false);
  }

  /** True when a lost connection suspends the session rather than ending it. */
  private boolean resumable() {
    return endError == null && resumeWindow > 0 && engine.isResumable();
  }

  /**
   * The current WebSocket is gone (a drop, or a reconnect attempt that failed): suspend the session and reconnect
   * at once, or, already suspended, try again after the backoff.
   */
  private void dropped(String why) {
    engine.detach();
    socket = null;
    if (suspendedAt < 0) {
      suspendedAt = Js.now();
      suspendedWhy = why;
      state("suspended");
      reconnect();
    } else {
      long delay = SessionRules.reconnectDelay(failures++, reconnectDelay, reconnectMaxDelay, Js.random());
      retry = Js.after(e -> reconnect(), delay);
    }
  }

  /** Opens a new WebSocket to resume the suspended session (its open sends the resume request). */
  private void reconnect() {
    retry = null;
    if (endError != null || socket != null) return;
    JSObject s = WebSockets.create(ctor, url, WebSockets.OFFER_V1);
    if (WebSockets.isString(s)) { // cannot happen for a URL that worked; count it as a failed attempt
      dropped(Js.asString(s));
      return;
    }
    attach((Socket) s);
  }

  private void state(String state) {
    if (onState != null) Js.later(onState, Js.fromString(state));
  }

  /**
   * Keepalive and acks (extended mode): pings a silent server, and drops the connection (4000) when it stays
   * silent, which suspends a resumable session and ends any other. Ends a suspended session whose resume window
   * has passed.
   */
  private void tick() {
    if (endError != null) return;
    double now = Js.now();
    if (suspendedAt >= 0 && SessionRules.resumeExpired((long) suspendedAt, (long) now, resumeWindow)) {
      String why = "connection lost (" + suspendedWhy + ") and not resumed within " + resumeWindow + " ms";
      end(CloseCodes.ABNORMAL, "not resumed", Errors.create(Errors.SESSION_CLOSED, why, CloseCodes.ABNORMAL),
          true, false);
      return;
    }
    try {
      engine.tick((long) now);
      flushOutbox();
    } catch (ProtocolException e) {
      if (e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT && resumable()) {
        flushOutbox();
        socket.close(CloseCodes.KEEPALIVE_TIMEOUT, SessionRules.truncateReason(e.getMessage()));
        dropped(describe(e.closeCode(), e.getMessage()));
        return;
      }
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
    if (retry != null) Js.cancelAfter(retry);
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
    if (closeSocket && socket != null) {
      flushOutbox();
      socket.close(wireCode(code), SessionRules.truncateReason(reason));
    }
  }

  /** Browsers send only 1000 and 3000-4999: RFC codes 1001-1999 go out as 4001-4999 (1002 as 4002...). */
  static int wireCode(int code) {
    if (code == CloseCodes.NORMAL || code >= 3000 && code <= 4999) return code;
    if (code > 1000 && code < 2000) return 3000 + code;
    return CloseCodes.NORMAL;
  }

  /** The JavaScript view of one of this library's objects (the object itself). */
  @JSBody(params = "o", script = "return o;")
  static native JSObject js(Object o);
}
