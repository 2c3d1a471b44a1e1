package org.libchan4j.js.internal;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** Internal: natives around {@link Socket}s and their events. */
public final class WebSockets {
  private WebSockets() {}

  /** The WebSocket class to use: {@code options.WebSocket}, else the global one, else null. */
  @JSBody(params = "o", script = "return (o && o.WebSocket) || (typeof WebSocket === 'undefined' ? null : WebSocket);")
  public static native JSObject constructorFrom(JSObject options);

  /** What {@link #create} offers: no subprotocol, both (a new session), or only {@code libchan4j.v1} (a resume). */
  public static final int OFFER_NONE = 0, OFFER_BOTH = 1, OFFER_V1 = 2;

  /**
   * {@code new ctor(url, protocols)}: for {@link #OFFER_BOTH} {@code ['libchan4j.compat', 'libchan4j.v1']} (that
   * order, PROTOCOL.md section 1.2: an echoing server selects compat), for {@link #OFFER_V1} {@code
   * ['libchan4j.v1']}, else no subprotocol; or, when the constructor throws (a SyntaxError for a malformed URL), the
   * thrown message as a string.
   */
  @JSBody(params = {"ctor", "url", "offer"}, script = "try {"
      + " return offer ? new ctor(url, offer === 2 ? ['libchan4j.v1'] : ['libchan4j.compat', 'libchan4j.v1'])"
      + " : new ctor(url); } catch (lc_e) { return lc_e && lc_e.message ? String(lc_e.message) : String(lc_e); }")
  public static native JSObject create(JSObject ctor, String url, int offer);

  /** The subprotocol the server selected, or the empty string. */
  @JSBody(params = "s", script = "return s.protocol ? String(s.protocol) : '';")
  public static native String protocol(JSObject socket);

  @JSBody(params = "v", script = "return typeof v === 'string';")
  public static native boolean isString(JSObject v);

  /** A message event's data: an ArrayBuffer for binary messages, a string for text ones. */
  @JSBody(params = "e", script = "return e.data;")
  public static native JSObject data(JSObject event);

  @JSBody(params = "e", script = "return e.code | 0;")
  public static native int code(JSObject closeEvent);

  @JSBody(params = "e", script = "return e.reason ? String(e.reason) : '';")
  public static native String reason(JSObject closeEvent);

  /** The HTTP status of the refused upgrade of {@code s} (only {@code ws} tells it), else 0. */
  @JSBody(params = "s", script = "return s.lcStatus | 0;")
  public static native int status(JSObject socket);

  /** The reason phrase of that status ({@code ws} only), else "". */
  @JSBody(params = "s", script = "return s.lcPhrase || '';")
  public static native String phrase(JSObject socket);

  /** The message of the first error event of {@code s} (only {@code ws} gives one, e.g. "connect ECONNREFUSED"), else "". */
  @JSBody(params = "s", script = "return s.lcError || '';")
  public static native String failure(JSObject socket);

  /** The message of a thrown value (an Error's message, or the value as text). */
  @JSBody(params = "e", script = "return e && e.message ? String(e.message) : String(e);")
  public static native String messageOf(JSObject error);
}
