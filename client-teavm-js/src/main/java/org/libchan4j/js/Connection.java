package org.libchan4j.js;

import java.util.ArrayDeque;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.internal.engine.ExtendedMode;
import org.libchan4j.internal.engine.FrameBatch;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Js;
import org.libchan4j.js.internal.Socket;
import org.libchan4j.js.internal.WebSockets;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * A browser session's connection: the current WebSocket and its events, the frames waiting to be written, the
 * timer (keepalive, acks, resume deadline) and, for a resumable session, suspension and reconnection with backoff
 * (PROTOCOL.md section 14.6). The {@link Session} owns the engine and the JavaScript API; this owns the wire.
 *
 * <p>Resumption (extended mode, on unless {@code options.resumeWindow} is 0): when the WebSocket of a resumable
 * session drops (1006, or a keepalive timeout) the session is <em>suspended</em>, not ended: the engine is detached
 * (frames go on into its replay buffer), channels stay open, and a new WebSocket to the same URL
 * ({@code libchan4j.v1} only) is opened at once, then after failed attempts with exponential backoff
 * ({@code reconnectDelay} doubling to {@code reconnectMaxDelay}, plus up to 20% jitter). Once open it sends the
 * resume request; the server's {@code resumed} makes the session {@code 'connected'} again. A session not resumed
 * within {@code resumeWindow} ends with 1006; a refusal (4100) ends it with the server's code and reason.
 */
final class Connection implements Engine.Output, Js.Events {
  /** What {@link #on} is told: an event of a WebSocket, or one of this connection's timers or tasks. */
  private static final int OPEN = 0, MESSAGE = 1, CLOSE = 2, TICK = 3, RECONNECT = 4, FLUSH = 5;

  private final Session session;
  private final String url;
  /** The WebSocket class, for reconnecting. */
  private final JSObject ctor;
  /** The extended-mode settings to use if the server selects {@code libchan4j.v1}. */
  private final ExtendedMode ext;
  /** Keepalive interval and resumption settings (ms): the resume window (0 = none) and the reconnect backoff. */
  private final int keepAlive, resumeWindow, reconnectDelay, reconnectMaxDelay;
  /** The current WebSocket (connected, or a reconnect attempt); null while suspended between attempts. */
  Socket socket;
  /** The keepalive timer (extended mode); null when there is none. */
  JSObject timer;
  /** When the connection dropped ({@code Date.now()}), -1 while connected. */
  double suspendedAt = -1;
  private String suspendedWhy;
  /** Failed reconnect attempts since the last open (the backoff exponent); the pending retry's timer or null. */
  private int failures;
  JSObject retry;
  /** Frames queued for {@link #outboxSocket} in the current task (see {@link #send}). */
  private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  private Socket outboxSocket;
  private boolean flushScheduled;
  /** Settled when the WebSocket opens or fails to; null after. */
  private Deferred connecting;

  Connection(Session session, String url, JSObject ctor, Socket socket, Deferred connecting, ExtendedMode ext,
      int keepAlive, int resumeWindow, int reconnectDelay, int reconnectMaxDelay) {
    this.session = session;
    this.url = url;
    this.ctor = ctor;
    this.connecting = connecting;
    this.ext = ext;
    this.keepAlive = keepAlive;
    this.resumeWindow = resumeWindow;
    this.reconnectDelay = reconnectDelay;
    this.reconnectMaxDelay = reconnectMaxDelay;
    attach(socket);
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
    int maxBuffered = Js.intOption(options, "maxBufferedBytes", 64 << 20, 1);
    if (capacity < 0 || window < 0 || keepAlive < 0 || resumeWindow < 0 || replayWindow < 0 || delay < 0
        || maxDelay < 0 || maxBuffered < 0) {
      return Js.rejected(Js.typeError("options: capacity must be an integer in 0..2^31-1, streamWindow and"
          + " replayWindow in 1024..2^31-1 (bytes), keepAlive and resumeWindow in 0..2^31-1 (ms, 0 = none),"
          + " reconnectDelay and reconnectMaxDelay in 1..2^31-1 (ms), maxBufferedBytes in 1..2^31-1"));
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
    Session session = Session.create(Js.deferred(), Limits.defaults().withMaxBufferedBytes(maxBuffered));
    session.attach(new Connection(session, target, ctor, (Socket) socket, connecting, compat ? null
        : new ExtendedMode(capacity, window, keepAlive, resumeWindow > 0 ? replayWindow : 0, null), keepAlive,
        resumeWindow, delay, maxDelay));
    return connecting.getPromise();
  }

  String url() {
    return url;
  }

  /** The session ended: timers stop; with {@code closeSocket} what is queued goes out, then the close. */
  void end(int code, String reason, boolean closeSocket) {
    if (timer != null) Js.cancelTimer(timer);
    if (retry != null) Js.cancelAfter(retry);
    if (closeSocket && socket != null) {
      flushOutbox();
      socket.close(wireCode(code), SessionRules.truncateReason(reason));
    }
  }

  /** Makes {@code s} the current WebSocket; events of a WebSocket that is no longer current are ignored. */
  void attach(Socket s) {
    socket = s;
    Js.listen(s, this);
  }

  /**
   * Every callback of the connection, in one method rather than a lambda each (each lambda is a class of its own
   * in the bundle): a WebSocket's events ({@code socket}, {@code event}) and the timers and tasks.
   */
  @Override
  public void on(int what, JSObject socket, JSObject event) {
    switch (what) {
      case OPEN:
        onOpen((Socket) socket);
        break;
      case MESSAGE:
        onSocketMessage((Socket) socket, event);
        break;
      case CLOSE:
        onSocketClose((Socket) socket, event);
        break;
      case TICK:
        tick();
        break;
      case RECONNECT:
        reconnect();
        break;
      default:
        flushOutbox();
    }
  }

  /**
   * Engine output: frames are queued and leave together, in as few WebSocket messages as {@link FrameBatch}
   * allows: at the end of the WebSocket or timer event that produced them, and for API calls from a microtask, so
   * that what one task sends (a reply and its END) shares a message.
   */
  @Override
  public void send(byte[] frame) {
    if (socket == null) return;
    if (outboxSocket != socket) {
      outbox.clear(); // frames queued for a connection that is gone are in the replay buffer, if anywhere
      outboxSocket = socket;
    }
    outbox.add(frame);
    if (!flushScheduled) {
      flushScheduled = true;
      Js.soon(this, FLUSH);
    }
  }

  /** Sends what {@link #send} queued on the socket it was queued for, if that is still the current one. */
  void flushOutbox() {
    flushScheduled = false;
    if (outboxSocket != socket || socket == null) {
      outbox.clear();
      return;
    }
    for (byte[] batch; (batch = FrameBatch.take(outbox, FrameBatch.MAX_BATCH)) != null; ) {
      socket.send(Int8Array.fromJavaArray(batch));
    }
  }

  // ---------------------------------------------------------------- WebSocket events

  void onOpen(Socket s) {
    if (s != socket) return;
    if (session.engine != null) { // a reconnect: ask the server to resume
      if (session.endError != null) return;
      if (!"libchan4j.v1".equals(WebSockets.protocol(s))) {
        session.end(CloseCodes.RESUME_REFUSED, "the server no longer offers libchan4j.v1", Errors.create(
            Errors.SESSION_CLOSED, "session not resumed: the server no longer offers libchan4j.v1",
            CloseCodes.RESUME_REFUSED), true, false);
        return;
      }
      failures = 0;
      session.engine.resume((long) Js.now());
      flushOutbox(); // the resume request goes alone, first
      return;
    }
    boolean extended = ext != null && "libchan4j.v1".equals(WebSockets.protocol(s));
    session.engine = new Engine(true, extended ? ext : null, session.limits, session, this);
    session.engine.start((long) Js.now());
    flushOutbox();
    long period = SessionRules.tickPeriod(keepAlive, resumeWindow);
    if (extended && period > 0) timer = Js.every(this, TICK, (int) period);
    Deferred d = connecting;
    connecting = null;
    if (d != null) d.resolve(Session.js(session));
  }

  void onSocketMessage(Socket s, JSObject event) {
    if (session.endError != null || s != socket) return;
    JSObject data = WebSockets.data(event);
    if (WebSockets.isString(data)) {
      session.fail(CloseCodes.UNSUPPORTED_DATA, "text message received; libchan frames are binary msgpack");
      return;
    }
    byte[] bytes = Js.bytesView(data).copyToJavaArray();
    if (timer != null) clockIn();
    try {
      session.engine.receive(bytes, 0, bytes.length);
    } catch (ProtocolException e) {
      session.fail(e.closeCode(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      session.fail(CloseCodes.INTERNAL_ERROR, "internal error: " + e);
      return;
    }
    if (suspendedAt >= 0 && session.engine.isLinked()) { // the server's resumed arrived
      suspendedAt = -1;
      session.state("connected");
    }
    flushOutbox(); // what the message made the session.engine send (credits, pongs, replays) leaves with this event
  }

  void onSocketClose(Socket s, JSObject event) {
    if (s != socket) return;
    int code = WebSockets.code(event);
    String reason = WebSockets.reason(event);
    if (session.engine == null) {
      Deferred d = connecting;
      connecting = null;
      JSObject error = Errors.connectFailed(url, s, code, describe(code, reason));
      session.end(code, reason, error, false, false);
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
    session.end(code, reason, Errors.create(Errors.SESSION_CLOSED, by + " (" + describe(code, reason) + ")", code),
        false, false);
  }

  /** True when a lost connection suspends the session rather than ending it. */
  boolean resumable() {
    return session.endError == null && resumeWindow > 0 && session.engine.isResumable();
  }

  /**
   * The current WebSocket is gone (a drop, or a reconnect attempt that failed): suspend the session and reconnect
   * at once, or, already suspended, try again after the backoff.
   */
  void dropped(String why) {
    session.engine.detach();
    socket = null;
    if (suspendedAt < 0) {
      suspendedAt = Js.now();
      suspendedWhy = why;
      session.state("suspended");
      reconnect();
    } else {
      long delay = SessionRules.reconnectDelay(failures++, reconnectDelay, reconnectMaxDelay, Js.random());
      retry = Js.after(this, RECONNECT, delay);
    }
  }

  /** Opens a new WebSocket to resume the suspended session (its open sends the resume request). */
  void reconnect() {
    retry = null;
    if (session.endError != null || socket != null) return;
    JSObject s = WebSockets.create(ctor, url, WebSockets.OFFER_V1);
    if (WebSockets.isString(s)) { // cannot happen for a URL that worked; count it as a failed attempt
      dropped(Js.asString(s));
      return;
    }
    attach((Socket) s);
  }

  /**
   * Keepalive and acks (extended mode): pings a silent server, and drops the connection (4000) when it stays
   * silent, which suspends a resumable session and ends any other. Ends a suspended session whose resume window
   * has passed.
   */
  void tick() {
    if (session.endError != null) return;
    double now = Js.now();
    if (suspendedAt >= 0 && SessionRules.resumeExpired((long) suspendedAt, (long) now, resumeWindow)) {
      String why = "connection lost (" + suspendedWhy + ") and not resumed within " + resumeWindow + " ms";
      session.end(CloseCodes.ABNORMAL, "not resumed", Errors.create(Errors.SESSION_CLOSED, why, CloseCodes.ABNORMAL),
          true, false);
      return;
    }
    try {
      session.engine.tick((long) now);
      flushOutbox();
    } catch (ProtocolException e) {
      if (e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT && resumable()) {
        flushOutbox();
        socket.close(CloseCodes.KEEPALIVE_TIMEOUT, SessionRules.truncateReason(e.getMessage()));
        dropped(describe(e.closeCode(), e.getMessage()));
        return;
      }
      session.end(e.closeCode(), e.getMessage(), Errors.create(Errors.SESSION_CLOSED, "session failed: " + e.getMessage(),
          e.closeCode()), true, false);
    }
  }

  /**
   * Sets the session.engine's clock before an arrival, which the session.engine stamps with the time of its last tick: a page's
   * timers may run late (a hidden tab's run once a minute), and a stale stamp would end a live session. A timeout
   * this tick would report is moot, since a frame is arriving now.
   */
  void clockIn() {
    try {
      session.engine.tick((long) Js.now());
    } catch (ProtocolException lateTimer) {
      // the frame arriving now counts as arrival (PROTOCOL.md section 14.5)
    }
  }

  static String describe(int code, String reason) {
    return code + " " + CloseCodes.name(code) + (reason.isEmpty() ? "" : ": " + reason);
  }

  /** Browsers send only 1000 and 3000-4999: RFC codes 1001-1999 go out as 4001-4999 (1002 as 4002...). */
  private static int wireCode(int code) {
    if (code == CloseCodes.NORMAL || code >= 3000 && code <= 4999) return code;
    if (code > 1000 && code < 2000) return 3000 + code;
    return CloseCodes.NORMAL;
  }
}
