package org.libchan4j.js;

import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSExportClasses;
import org.teavm.jso.JSObject;

/**
 * The module's entry point: {@code connect(url, options?)} and the exported classes. Its static initialiser adds
 * what Java cannot declare: async iteration, {@code readAll()}, the Web Streams views and the Error prototype chain.
 */
@JSExportClasses({Session.class, Sender.class, Receiver.class, ByteStream.class, ChanError.class})
public final class LibChan {
  private LibChan() {}

  static {
    JSObject session = Js.prototypeOf(new Session());
    JSObject sender = Js.prototypeOf(new Sender(null, "new"));
    JSObject receiver = Js.prototypeOf(new Receiver(null, "new"));
    JSObject stream = Js.prototypeOf(new ByteStream(null, "new"));
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
