package org.libchan4j.js;

import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSExportClasses;
import org.teavm.jso.JSObject;

/**
 * The module's entry point: {@code connect(url, options?)}, {@code select(receivers, options?)} and the exported
 * classes. Its static initialiser adds
 * what Java cannot declare: async iteration, {@code readAll()}, the Web Streams views and the Error prototype chain.
 */
@JSExportClasses({Session.class, Sender.class, Receiver.class, ByteStream.class, ChanError.class})
public final class LibChan {
  private LibChan() {}

  static {
    JSObject session = Js.prototypeOf(new Session());
    JSObject sender = Js.prototypeOf(new Sender(null, false));
    JSObject receiver = Js.prototypeOf(new Receiver(null, false));
    JSObject stream = Js.prototypeOf(new ByteStream(null, false));
    Session.prototypes = array(session, sender, receiver, stream);
    Errors.install(Js.prototypeOf(new ChanError()));
    installExtras(session, receiver, stream);
  }

  /** Runs the static initialiser (for entry points other than connect, such as new ChanError). */
  static void start() {
  }

  /**
   * Opens a session over a WebSocket to {@code url} (absolute, or relative to the page: {@code "/chan"}). Resolves
   * with the Session once the WebSocket is open; rejects with a ChanError CONNECT_FAILED for a malformed URL or a
   * connection that fails or is refused. {@code options.WebSocket} replaces the global WebSocket class (in Node,
   * pass the {@code ws} package's).
   */
  @JSExport
  public static JSObject connect(String url, JSObject options) {
    return Connection.connect(url, options);
  }

  /**
   * Waits for the first of {@code receivers} that can deliver and takes one message from it alone: resolves with
   * {@code {index, value}} (value {@code undefined} when that receiver reached its end), or rejects as its
   * receive would. Exactly one receiver's message is consumed; the others lose nothing. When several are ready at
   * once, one is picked at random (fair). {@code options.timeout} (ms): when it passes first, resolves with
   * {@code {index: -1}}; 0 does not wait at all (Go's {@code default} case). {@code options.signal}: aborting
   * rejects with the signal's reason, consuming nothing.
   */
  @JSExport
  public static JSObject select(JSObject receivers, JSObject options) {
    return selectJs(receivers, options);
  }

  @JSBody(params = {"rs", "o"}, script = "return new Promise((ok, no) => {"
      + " const lc_s = o == null ? void 0 : o.signal, lc_t = o == null ? void 0 : o.timeout;"
      + " if (!Array.isArray(rs) || rs.some(r => !r || typeof r.__libchan4jWait !== 'function'))"
      + "  throw new TypeError('select takes an array of Receivers');"
      + " if (lc_t !== void 0 && !(lc_t >= 0 && lc_t <= 2147483647))"
      + "  throw new TypeError('options.timeout must be a number of ms in 0..2^31-1');"
      + " if (lc_s != null && lc_s.aborted) return no(lc_s.reason);"
      + " const lc_ready = rs.map((r, i) => r.__libchan4jWait() ? -1 : i).filter(i => i >= 0);"
      + " if (lc_ready.length) { const lc_i = lc_ready[Math.random() * lc_ready.length | 0];"
      + "  return rs[lc_i].receive().then(v => ok({index: lc_i, value: v}), no); }"
      + " if (lc_t === 0) return ok({index: -1, value: void 0});"
      + " let lc_done = false, lc_timer;"
      + " const lc_waits = [], lc_finish = () => { lc_done = true; clearTimeout(lc_timer);"
      + "  if (lc_s) lc_s.removeEventListener('abort', lc_abort);"
      + "  for (const [w, k] of lc_waits) { const j = w.indexOf(k); if (j >= 0) w.splice(j, 1); } },"
      + "  lc_abort = () => { if (!lc_done) { lc_finish(); no(lc_s.reason); } };"
      + " rs.forEach((r, i) => { const k = {resolve: v => ok({index: i, value: v}), reject: no,"
      + "  claim: () => !lc_done && !(lc_s && lc_s.aborted) && (lc_finish(), true)};"
      + "  lc_waits.push([r.__libchan4jWait(k), k]); });"
      + " if (lc_s) lc_s.addEventListener('abort', lc_abort);"
      + " if (lc_t !== void 0) lc_timer = setTimeout(() => { if (!lc_done) { lc_finish();"
      + "  ok({index: -1, value: void 0}); } }, lc_t);"
      + "});")
  private static native JSObject selectJs(JSObject receivers, JSObject options);

  @JSBody(params = {"a", "b", "c", "d"}, script = "return [a, b, c, d];")
  private static native JSObject array(JSObject a, JSObject b, JSObject c, JSObject d);

  @JSBody(params = {"session", "receiver", "stream"}, script = ""
      + "const iterate = (take, stop) => function () {"
      + "  const self = this;"
      + "  return {"
      + "    next() { return self[take]().then(v => v === undefined ? {done: true, value: v} : {done: false, value: v}); },"
      + "    return(v) { if (stop) self[stop](); return Promise.resolve({done: true, value: v}); },"
      + "    [Symbol.asyncIterator]() { return this; }"
      + "  };"
      + "};"
      + "session[Symbol.asyncIterator] = iterate('accept', null);"
      + "receiver[Symbol.asyncIterator] = iterate('receive', 'close');"
      + "stream[Symbol.asyncIterator] = iterate('read', 'cancel');"
      + "stream.readAll = async function () {"
      + "  const parts = []; let size = 0;"
      + "  for (let c = await this.read(); c !== undefined; c = await this.read()) { parts.push(c); size += c.length; }"
      + "  const all = new Uint8Array(size); let at = 0;"
      + "  for (const p of parts) { all.set(p, at); at += p.length; }"
      + "  return all;"
      + "};"
      + "const readable = Symbol('readable'), writable = Symbol('writable');"
      + "Object.defineProperty(stream, 'readable', {configurable: true, get() {"
      + "  const self = this;"
      + "  return this[readable] || (this[readable] = new ReadableStream({"
      + "    pull(c) { return self.read().then(v => { if (v === undefined) c.close(); else c.enqueue(v); }); },"
      + "    cancel() { self.cancel(); }"
      + "  }));"
      + "}});"
      + "Object.defineProperty(stream, 'writable', {configurable: true, get() {"
      + "  const self = this;"
      + "  return this[writable] || (this[writable] = new WritableStream({"
      + "    write(chunk) { return self.write(chunk); }, close() { self.end(); }, abort() { self.end(); }"
      + "  }));"
      + "}});")
  private static native void installExtras(JSObject session, JSObject receiver, JSObject stream);
}
