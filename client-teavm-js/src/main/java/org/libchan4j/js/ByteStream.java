package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Inbox;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.function.JSConsumer;

/**
 * One end of a duplex byte stream. Each side writes chunks and ends its own direction with {@link #end}; reads
 * yield Uint8Array chunks until the other side ends its direction. Also async-iterable, with {@code readAll()} and
 * Web Streams views {@code readable}/{@code writable} (added in JavaScript by {@link LibChan}).
 */
public final class ByteStream extends Endpoint {
  private final Inbox input = new Inbox();
  /** Writes made before this stream travelled: {bytes, resolve, reject}. */
  private List<Object[]> queued;
  private boolean endRequested;

  ByteStream(Session session, String origin) {
    super(session, origin);
  }

  /**
   * Writes bytes (a Uint8Array or any ArrayBuffer view, an ArrayBuffer, or a string as UTF-8). Resolves once they
   * are handed to the WebSocket; rejects with CHANNEL_CLOSED after {@link #end}, or the session's error.
   */
  @JSExport
  public JSPromise<JSObject> write(JSObject data) {
    if (session.endError != null) return JSPromise.reject(session.endError);
    if (endRequested) {
      return JSPromise.reject(Errors.create(Errors.CHANNEL_CLOSED, "this ByteStream's output is ended", 0));
    }
    int kind = Js.kindOf(data, Session.prototypes);
    if (kind != Js.BYTES && kind != Js.STRING) {
      return JSPromise.reject(Js.typeError("ByteStream.write takes a Uint8Array, an ArrayBuffer(View) or a string,"
          + " not " + Js.describe(data)));
    }
    byte[] bytes = Js.bytesView(data).copyToJavaArray();
    if (bytes.length == 0) return JSPromise.resolve(Js.undefined());
    if (!chan.isBound()) {
      return new JSPromise<>((resolve, reject) -> {
        if (queued == null) queued = new ArrayList<>();
        queued.add(new Object[] {bytes, resolve, reject});
      });
    }
    JSObject failure = session.sendBytes(chan, bytes);
    return failure == null ? JSPromise.resolve(Js.undefined()) : JSPromise.reject(failure);
  }

  /** Ends this side's direction; the other side reads to its end. Idempotent. */
  @JSExport
  public void end() {
    if (endRequested) return;
    endRequested = true;
    if (chan.isBound()) session.endChan(chan);
  }

  /** The next chunk (a Uint8Array), or {@code undefined} at the end of the input; rejects if the session ends first. */
  @JSExport
  public JSPromise<JSObject> read() {
    return input.take();
  }

  /** Stops reading: buffered and later input is dropped, pending reads resolve {@code undefined}. */
  @JSExport
  public void cancel() {
    input.cancel();
  }

  /** {@link #end} and {@link #cancel}. */
  @JSExport
  public void close() {
    end();
    cancel();
  }

  @Override
  @SuppressWarnings("unchecked")
  void onBound() {
    if (queued != null) {
      List<Object[]> items = queued;
      queued = null;
      for (Object[] item : items) {
        JSObject failure = session.sendBytes(chan, (byte[]) item[0]);
        if (failure == null) ((JSConsumer<JSObject>) item[1]).accept(Js.undefined());
        else ((JSConsumer<Object>) item[2]).accept(failure);
      }
    }
    if (endRequested) session.endChan(chan);
  }

  @Override
  @SuppressWarnings("unchecked")
  void onUnboundFailed() {
    if (queued != null) {
      for (Object[] item : queued) ((JSConsumer<Object>) item[2]).accept(session.endError);
      queued = null;
    }
    input.fail(session.endError);
  }

  @Override
  String kind() {
    return "ByteStream";
  }

  @Override
  public void onData(Chan chan, Object data, int wireBytes) {
    input.push(Js.toUint8Array((byte[]) data));
  }

  @Override
  public void onEnd(Chan chan) {
    input.end();
  }

  @Override
  public void onFailed(Chan chan, RuntimeException cause) {
    input.fail(session.endError);
  }
}
