package org.libchan4j.js.internal;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Int8Array;

/** Internal: small JavaScript natives the browser client needs beyond what TeaVM's JSO APIs offer. */
public final class Js {
  private Js() {}

  /** A JavaScript function of one argument. */
  @JSFunctor
  public interface Callback extends JSObject {
    void call(JSObject value);
  }

  /** What a connection is told (one callback for its WebSocket's events, timers and tasks). */
  @JSFunctor
  public interface Events extends JSObject {
    void on(int what, JSObject socket, JSObject event);
  }

  /**
   * Sets binary messages to arrive as ArrayBuffers and sends {@code s}'s events to {@code f}: open as 0, message as
   * 1, close as 2. An error event only leaves its message (Node's {@code ws} gives one, a browser none) for
   * {@link WebSockets#failure}: a close event follows. On a {@code ws} socket a refused upgrade's status line is
   * kept for {@link WebSockets#status} before the handshake is aborted (which closes it with 1006).
   */
  @JSBody(params = {"s", "f"}, script = "s.binaryType = 'arraybuffer'; s.onopen = e => f(0, s, e);"
      + " s.onmessage = e => f(1, s, e); s.onclose = e => f(2, s, e);"
      + " s.onerror = e => { if (e && e.message && !s.lcError) s.lcError = String(e.message); };"
      + " if (typeof s.on === 'function') s.on('unexpected-response', (q, r) => {"
      + " s.lcStatus = r.statusCode; s.lcPhrase = r.statusMessage || ''; s.terminate(); });")
  public static native void listen(JSObject s, Events f);

  /** What {@link #kindOf} found. */
  public static final int UNDEFINED = 0, NULL = 1, BOOLEAN = 2, NUMBER = 3, STRING = 4, BYTES = 5, ARRAY = 6,
      MAP = 7, OBJECT = 8, LIB = 9, BIGINT = 10, OTHER = 11;

  /** The kind of a JavaScript value; {@code LIB} for instances of the given prototypes (this library's objects). */
  @JSBody(params = {"v", "protos"}, script = "switch (typeof v) {"
      + "case 'undefined': return 0; case 'boolean': return 2; case 'number': return 3; case 'string': return 4;"
      + "case 'bigint': return 10; case 'object': break; default: return 11; }"
      + "if (v === null) return 1;"
      + "if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return 5;"
      + "if (Array.isArray(v)) return 6;"
      + "if (v instanceof Map) return 7;"
      + "const lc_p = Object.getPrototypeOf(v);"
      + "if (lc_p === null || lc_p === Object.prototype) return 8;"
      + "if (protos.indexOf(lc_p) >= 0) return 9;"
      + "return v instanceof Date || v instanceof Promise || v instanceof RegExp || typeof v.then === 'function'"
      + " ? 11 : 8;")
  public static native int kindOf(JSObject v, JSObject protos);

  /** Calls the claim method of one of this library's objects (a Session has none). */
  @JSBody(params = "v", script = "if (v.__libchan4jClaim) v.__libchan4jClaim();")
  public static native void claim(JSObject v);

  /** A short description of a value for error messages: its type or class name. */
  @JSBody(params = "v", script = "if (v === null) return 'null'; const lc_t = typeof v;"
      + "if (lc_t !== 'object') return lc_t; const lc_c = v.constructor;"
      + "return lc_c && lc_c.name ? 'a ' + lc_c.name : 'an object';")
  public static native String describe(JSObject v);

  @JSBody(params = "v", script = "return v;")
  public static native boolean asBoolean(JSObject v);

  @JSBody(params = "v", script = "return v;")
  public static native double asNumber(JSObject v);

  @JSBody(params = "v", script = "return v === true;")
  public static native boolean isTrue(JSObject v);

  @JSBody(params = "v", script = "return v;")
  public static native String asString(JSObject v);

  @JSBody(params = "v", script = "return Number.isInteger(v) && v >= -2147483648 && v <= 4294967295;")
  public static native boolean isWireInteger(JSObject v);

  /** A BigInt as a number when it lies in int32/uint32, else NaN. */
  @JSBody(params = "v", script = "return v >= -2147483648n && v <= 4294967295n ? Number(v) : NaN;")
  public static native double bigIntToNumber(JSObject v);

  @JSBody(params = "v", script = "return v;")
  public static native JSObject fromNumber(double v);

  @JSBody(params = "v", script = "return v;")
  public static native JSObject fromBoolean(boolean v);

  @JSBody(params = "v", script = "return v;")
  public static native JSObject fromString(String v);

  @JSBody(script = "return null;")
  public static native JSObject nullValue();

  @JSBody(script = "return void 0;")
  public static native JSObject undefined();

  @JSBody(params = "v", script = "return v === void 0;")
  public static native boolean isUndefined(JSObject v);

  @JSBody(params = "v", script = "return v === void 0 || v === null;")
  public static native boolean isNullish(JSObject v);

  /** The bytes of an ArrayBuffer, a typed array or a DataView, or a string's UTF-8 encoding, as an Int8Array view. */
  @JSBody(params = "v", script = "if (typeof v === 'string') v = new TextEncoder().encode(v);"
      + "return v instanceof ArrayBuffer ? new Int8Array(v) : new Int8Array(v.buffer, v.byteOffset, v.byteLength);")
  public static native Int8Array bytesView(JSObject v);

  /** A Uint8Array sharing the memory of {@code bytes}, which the caller no longer changes. */
  public static JSObject toUint8Array(byte[] bytes) {
    return uint8(Int8Array.fromJavaArray(bytes));
  }

  @JSBody(params = "a", script = "return new Uint8Array(a.buffer, a.byteOffset, a.length);")
  private static native JSObject uint8(Int8Array a);

  @JSBody(script = "return [];")
  public static native JSObject newArray();

  @JSBody(params = {"a", "v"}, script = "a.push(v);")
  public static native void push(JSObject a, JSObject v);

  @JSBody(params = "a", script = "a.length = 0;")
  public static native void truncate(JSObject a);

  @JSBody(params = "a", script = "return a.length;")
  public static native int length(JSObject a);

  @JSBody(params = {"a", "i"}, script = "return a[i];")
  public static native JSObject get(JSObject a, int i);

  @JSBody(params = {"a", "i", "v"}, script = "a[i] = v;")
  public static native void set(JSObject a, int i, JSObject v);

  @JSBody(script = "return {};")
  public static native JSObject newObject();

  /** Sets an own enumerable property, also for the key {@code __proto__}. */
  @JSBody(params = {"o", "k", "v"}, script = "if (k === '__proto__') Object.defineProperty(o, k,"
      + " {value: v, enumerable: true, writable: true, configurable: true}); else o[k] = v;")
  public static native void put(JSObject o, String k, JSObject v);

  @JSBody(params = {"o", "k"}, script = "return o[k];")
  public static native JSObject prop(JSObject o, String k);

  /** Own enumerable string keys, in property order. */
  @JSBody(params = "o", script = "return Object.keys(o);")
  public static native JSObject keys(JSObject o);

  @JSBody(script = "return new Map();")
  public static native JSObject newMap();

  @JSBody(params = {"m", "k", "v"}, script = "m.set(k, v);")
  public static native void mapSet(JSObject m, JSObject k, JSObject v);

  /** A Map's entries as an array of [key, value] pairs. */
  @JSBody(params = "m", script = "return Array.from(m);")
  public static native JSObject mapEntries(JSObject m);

  /** A new pending promise with its resolve and reject functions. */
  @JSBody(script = "const lc_d = {}; lc_d.promise = new Promise((ok, no) => { lc_d.resolve = ok; lc_d.reject = no; });"
      + "return lc_d;")
  public static native Deferred deferred();

  @JSBody(params = "v", script = "return Promise.resolve(v);")
  public static native JSObject resolved(JSObject v);

  @JSBody(params = "e", script = "return Promise.reject(e);")
  public static native JSObject rejected(JSObject e);

  /**
   * True when {@code s} (an AbortSignal, or null/undefined for none) is aborted; a TypeError for anything else.
   */
  @JSBody(params = "s", script = "if (s == null) return false;"
      + "if (typeof s.addEventListener !== 'function') throw new TypeError('options.signal must be an AbortSignal');"
      + "return !!s.aborted;")
  public static native boolean aborted(JSObject s);

  /**
   * Queues the taker {@code d} at the end of {@code w}. With an AbortSignal {@code s}, aborting removes it from
   * {@code w} and rejects it with the signal's reason, and its {@code claim()} (asked before it is handed anything)
   * declines once the signal is aborted, even before the abort event reached this listener.
   */
  @JSBody(params = {"d", "s", "w"}, script = "if (s) {"
      + " const lc_f = () => { const lc_i = w.indexOf(d); if (lc_i >= 0) w.splice(lc_i, 1); d.reject(s.reason); };"
      + " s.addEventListener('abort', lc_f);"
      + " d.claim = () => { s.removeEventListener('abort', lc_f); if (s.aborted) d.reject(s.reason);"
      + " return !s.aborted; }; }"
      + "w.push(d);")
  public static native void addTaker(Deferred d, JSObject s, JSObject w);

  /**
   * Removes and returns the oldest taker of {@code w} that accepts a value now (one without {@code claim()}, or
   * whose {@code claim()} returns true); takers that decline are dropped. Null when none is left.
   */
  @JSBody(params = "w", script = "for (;;) { const lc_t = w.shift();"
      + " if (lc_t === void 0 || !lc_t.claim || lc_t.claim()) return lc_t || null; }")
  public static native Deferred nextTaker(JSObject w);

  /**
   * Copies {@code from} into {@code to} through the exported API until the end (then {@code to} is ended): a
   * Receiver into a Sender, or ({@code bytes}) one ByteStream's input into another's output. Each step waits for
   * the write to complete, so flow control reaches the source. A failed source fails {@code to} with its code
   * (the channel's, else the session's close code, else 1011) and message (a ByteStream keeps reading: only its
   * output fails); a write that fails (the reader cancelled, the session ended) stops reading {@code from}.
   */
  @JSBody(params = {"from", "to", "bytes"}, script = "(async () => {"
      + " for (;;) { let lc_v;"
      + "  try { lc_v = await (bytes ? from.read() : from.receive()); } catch (lc_e) {"
      + "   to.fail(lc_e.channelCode !== void 0 ? lc_e.channelCode : lc_e.closeCode || 1011, lc_e.message, true);"
      + "   return; }"
      + "  if (lc_v === void 0) { bytes ? to.end() : to.close(); return; }"
      + "  try { await (bytes ? to.write(lc_v) : to.send(lc_v)); } catch (lc_e) {"
      + "   bytes ? from.cancel() : from.close(); return; } } })();")
  public static native void pump(JSObject from, JSObject to, boolean bytes);

  /**
   * Settles the pending sends of {@code w} (pairs of a send number and its Deferred, oldest first; {@code w.h} is
   * the index of the oldest unsettled one): rejects them all with {@code error}, or without one resolves those
   * numbered up to {@code upTo}.
   */
  @JSBody(params = {"w", "upTo", "error"}, script = "let lc_h = w.h | 0;"
      + "for (; lc_h < w.length && (error || w[lc_h] <= upTo); lc_h += 2) {"
      + " if (error) w[lc_h + 1].reject(error); else w[lc_h + 1].resolve(); w[lc_h] = w[lc_h + 1] = null; }"
      + "if (lc_h === w.length) { w.length = 0; lc_h = 0; } w.h = lc_h;")
  public static native void complete(JSObject w, double upTo, JSObject error);

  /** Calls {@code f(v)} in a microtask, so application callbacks never run inside the engine. */
  @JSBody(params = {"f", "v"}, script = "queueMicrotask(() => f(v));")
  public static native void later(Callback f, JSObject v);

  /**
   * {@code o[k]} as an integer in {@code min}..2^31-1: {@code absent} when {@code o} or the property is undefined,
   * -2 when it is not such an integer.
   */
  @JSBody(params = {"o", "k", "absent", "min"}, script = "const lc_v = o == null ? void 0 : o[k];"
      + "return lc_v === void 0 ? absent : Number.isInteger(lc_v) && lc_v >= min && lc_v <= 2147483647 ? lc_v : -2;")
  public static native int intOption(JSObject o, String k, int absent, int min);

  /** {@code o[k]}, or undefined when {@code o} is null or undefined. */
  @JSBody(params = {"o", "k"}, script = "return o == null ? void 0 : o[k];")
  public static native JSObject option(JSObject o, String k);

  @JSBody(params = "v", script = "return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;")
  public static native boolean isInt32(JSObject v);

  /** {@code String(v)}, or the empty string for null and undefined. */
  @JSBody(params = "v", script = "return v == null ? '' : String(v);")
  public static native String text(JSObject v);

  /** Milliseconds since the epoch ({@code Date.now()}). */
  @JSBody(script = "return Date.now();")
  public static native double now();

  /** Calls {@code f(what)} in a microtask. */
  @JSBody(params = {"f", "what"}, script = "queueMicrotask(() => f(what, null, null));")
  public static native void soon(Events f, int what);

  /** Calls {@code f(what)} every {@code ms}; the timer does not keep a Node process alive. Returns its handle. */
  @JSBody(params = {"f", "what", "ms"}, script = "const lc_t = setInterval(() => f(what, null, null), ms);"
      + "if (lc_t && lc_t.unref) lc_t.unref(); return lc_t;")
  public static native JSObject every(Events f, int what, int ms);

  @JSBody(params = "t", script = "clearInterval(t);")
  public static native void cancelTimer(JSObject t);

  /** Calls {@code f(what)} once after {@code ms}; the timer does not keep a Node process alive. Returns its handle. */
  @JSBody(params = {"f", "what", "ms"}, script = "const lc_t = setTimeout(() => f(what, null, null), ms);"
      + "if (lc_t && lc_t.unref) lc_t.unref(); return lc_t;")
  public static native JSObject after(Events f, int what, double ms);

  @JSBody(params = "t", script = "clearTimeout(t);")
  public static native void cancelAfter(JSObject t);

  @JSBody(script = "return Math.random();")
  public static native double random();

  /** Marks a promise as handled, so a rejection nobody observes is not reported as unhandled. */
  @JSBody(params = "p", script = "p.catch(() => {});")
  public static native void handled(JSObject p);

  @JSBody(params = "e", script = "throw e;")
  public static native void raise(JSObject e);

  @JSBody(params = "m", script = "return new TypeError(m);")
  public static native JSObject typeError(String m);

  @JSBody(params = {"code", "reason"}, script = "return {code: code, reason: reason};")
  public static native JSObject closeInfo(int code, String reason);

  @JSBody(params = "o", script = "return Object.getPrototypeOf(o);")
  public static native JSObject prototypeOf(Object o);

  /**
   * Resolves {@code url} against the page's location (so {@code "/chan"} works) and maps http(s) to ws(s);
   * returns it unchanged outside a page.
   */
  @JSBody(params = "u", script = "if (typeof location === 'undefined' || /^wss?:/i.test(u)) return u;"
      + "try { const lc_u = new URL(u, location.href);"
      + " if (lc_u.protocol === 'http:' || lc_u.protocol === 'https:')"
      + " lc_u.protocol = lc_u.protocol === 'https:' ? 'wss:' : 'ws:';"
      + " return lc_u.href; } catch (lc_e) { return u; }")
  public static native String resolveUrl(String u);
}
