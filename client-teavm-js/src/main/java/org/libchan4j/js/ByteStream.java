package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Inbox;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

/**
 * One end of a duplex byte stream. Each side writes chunks and ends its own direction with {@link #end}; reads
 * yield Uint8Array chunks until the other side ends its direction. Also async-iterable, with {@code readAll()} and
 * Web Streams views {@code readable}/{@code writable} (added in JavaScript by {@link LibChan}). In the extended mode
 * each direction has a byte window: a write resolves once its bytes fit the reader's window, and reads return
 * credit to the writer.
 */
public final class ByteStream extends Endpoint implements Inbox.Owner {
  private final Inbox input = new Inbox(this);
  final Completions completions = new Completions();
  /** Writes made before this stream travelled. */
  private List<Pending> queued;
  private boolean endRequested;

  ByteStream(Session session, String origin) {
    super(session, origin);
  }

  /**
   * Writes bytes (a Uint8Array or any ArrayBuffer view, an ArrayBuffer, or a string as UTF-8). Resolves once they
   * are handed to the WebSocket (compat mode) or fit the reader's window (extended mode); rejects with
   * CHANNEL_CLOSED after {@link #end} or once the reader cancelled, or the session's error.
   */
  @JSExport
  public JSObject write(JSObject data) {
    if (session.endError != null) return Js.rejected(session.endError);
    if (endRequested) {
      return Js.rejected(Errors.create(Errors.CHANNEL_CLOSED, "this ByteStream's output is ended", 0));
    }
    int kind = Js.kindOf(data, Session.prototypes);
    if (kind != Js.BYTES && kind != Js.STRING) {
      return Js.rejected(Js.typeError("ByteStream.write takes a Uint8Array, an ArrayBuffer(View) or a string,"
          + " not " + Js.describe(data)));
    }
    byte[] bytes = Js.bytesView(data).copyToJavaArray();
    if (bytes.length == 0) return Js.resolved(Js.undefined());
    if (!chan.isBound()) {
      if (queued == null) queued = new ArrayList<>();
      Pending p = new Pending(bytes, null, Js.deferred());
      queued.add(p);
      return p.done.getPromise();
    }
    return session.sendBytes(this, bytes);
  }

  /** Ends this side's direction; the other side reads to its end. Idempotent. */
  @JSExport
  public void end() {
    if (endRequested) return;
    endRequested = true;
    if (chan.isBound()) session.endChan(chan);
  }

  /**
   * The next chunk (a Uint8Array), or {@code undefined} at the end of the input; rejects if the session ends first,
   * or with CHANNEL_FAILED when the writer failed its direction (extended mode).
   */
  @JSExport
  public JSObject read() {
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
  void onBound() {
    if (queued != null) {
      List<Pending> items = queued;
      queued = null;
      for (Pending p : items) p.done.resolve(session.sendBytes(this, (byte[]) p.payload));
    }
    if (endRequested) session.endChan(chan);
  }

  @Override
  void onUnboundFailed() {
    outputFailed(session.endError);
    input.fail(session.endError);
  }

  private void outputFailed(JSObject error) {
    if (queued != null) {
      for (Pending p : queued) p.done.reject(error);
      queued = null;
    }
    completions.fail(error);
  }

  /** See {@link Endpoint#claimed}. */
  @JSExport
  @JSMethod("__libchan4jClaim")
  public void claim() {
    claimed = this;
  }

  @Override
  String kind() {
    return "ByteStream";
  }

  @Override
  public void taken(JSObject chunk) {
    session.consumed(chan, Js.length(chunk));
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
    JSObject error = session.error(cause);
    input.fail(error);
    // The writer failed its direction (an error frame): this side's output goes on.
    if (!(cause instanceof ChannelFailedException)) outputFailed(error);
  }

  @Override
  public void onProgress(Chan chan) {
    completions.progress(session.completed(chan));
  }

  @Override
  public void onCancelled(Chan chan) {
    outputFailed(Errors.create(Errors.CHANNEL_CLOSED, "the reader closed " + chan, 0));
  }
}
