package org.libchan4j.js.internal;

import org.libchan4j.ChanException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.EncodingException;
import org.libchan4j.internal.engine.HandshakeRefusal;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Internal: builds {@code ChanError}s. A ChanError is a real JavaScript {@code Error} (with a stack) whose prototype is
 * the exported {@code ChanError.prototype}, itself chained to {@code Error.prototype} by {@link #install}.
 */
public final class Errors {
  private Errors() {}

  /** A message cannot be encoded for the peer; nothing was sent. */
  public static final String ENCODING = "ENCODING";
  /** The channel or stream was already ended by this side. */
  public static final String CHANNEL_CLOSED = "CHANNEL_CLOSED";
  /** The writer failed the channel or stream (extended mode; see channelCode). */
  public static final String CHANNEL_FAILED = "CHANNEL_FAILED";
  /** The session has ended (see closeCode). */
  public static final String SESSION_CLOSED = "SESSION_CLOSED";
  /** The peer broke the protocol or a limit; the session was closed with closeCode. */
  public static final String PROTOCOL = "PROTOCOL";
  /** The WebSocket could not be opened. */
  public static final String CONNECT_FAILED = "CONNECT_FAILED";
  /** A local limit (such as maxOpenChannels) refused the operation; the session stays open. */
  public static final String LIMIT = "LIMIT";
  /** An unexpected failure inside the library (a bug). */
  public static final String INTERNAL = "INTERNAL";

  private static JSObject prototype;

  /** Chains {@code proto} (the exported class's prototype) to {@code Error.prototype}. */
  public static void install(JSObject proto) {
    prototype = proto;
    chain(proto);
  }

  @JSBody(params = "p", script = "Object.setPrototypeOf(p, Error.prototype);"
      + "Object.defineProperty(p, 'name', {value: 'ChanError', writable: true, configurable: true});")
  private static native void chain(JSObject p);

  /** A new ChanError; {@code closeCode} 0 leaves it undefined. */
  public static JSObject create(String code, String message, int closeCode) {
    return make(prototype, code, message, closeCode);
  }

  @JSBody(params = {"p", "code", "message", "closeCode"}, script = "const lc_e = new Error(message);"
      + "Object.setPrototypeOf(lc_e, p); lc_e.code = code; if (closeCode) lc_e.closeCode = closeCode; return lc_e;")
  private static native JSObject make(JSObject p, String code, String message, int closeCode);

  /**
   * The ChanError for an engine failure that leaves the session open: an encoding error, a closed or failed channel,
   * a local limit, else an internal error.
   */
  public static JSObject of(RuntimeException e) {
    if (e instanceof EncodingException) return create(ENCODING, e.getMessage(), 0);
    if (e instanceof ChannelClosedException) return create(CHANNEL_CLOSED, e.getMessage(), 0);
    if (e instanceof ChannelFailedException) return channelFailed(((ChannelFailedException) e).code(), e.getMessage());
    if (e instanceof ChanException) return create(LIMIT, e.getMessage(), 0);
    return create(INTERNAL, "internal error: " + e, 0);
  }

  /**
   * The CONNECT_FAILED ChanError of a WebSocket {@code s} to {@code url} that closed before it opened ({@code closed}
   * describes its close event): with the refused upgrade's status as {@code httpStatus} and what it means where the
   * platform tells it (Node with {@code ws}), else the error it reported, else (a browser) the likely causes.
   */
  public static JSObject connectFailed(String url, JSObject s, int closeCode, String closed) {
    int status = WebSockets.status(s);
    String failure = WebSockets.failure(s);
    String why = status > 0 ? HandshakeRefusal.explain(status, WebSockets.phrase(s))
        : !failure.isEmpty() ? failure + " (" + closed + ")"
        : "the connection closed before it opened (" + closed + "); " + HandshakeRefusal.UNSEEN_CAUSES;
    JSObject e = create(CONNECT_FAILED, "could not connect to " + url + ": " + why, closeCode);
    if (status > 0) Js.put(e, "httpStatus", Js.fromNumber(status));
    return e;
  }

  /** A CHANNEL_FAILED ChanError carrying the writer's application code as {@code channelCode}. */
  public static JSObject channelFailed(int channelCode, String message) {
    JSObject e = create(CHANNEL_FAILED, message, 0);
    Js.put(e, "channelCode", Js.fromNumber(channelCode));
    return e;
  }

  /** Makes {@code self} (constructed from JavaScript with {@code new ChanError}) look like a created error. */
  @JSBody(params = {"self", "code", "message"}, script = "self.message = String(message);"
      + "self.code = code === void 0 ? 'ERROR' : String(code);"
      + "Object.defineProperty(self, 'stack', {value: new Error(message).stack, writable: true, configurable: true});")
  public static native void init(Object self, JSObject code, JSObject message);
}
