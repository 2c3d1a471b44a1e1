package org.libchan4j.js;

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

  ByteStream(Session session, boolean travels) {
    super(session, travels);
  }

  /**
   * Writes bytes (a Uint8Array or any ArrayBuffer view, an ArrayBuffer, or a string as UTF-8). Resolves once they
   * are handed to the WebSocket (compat mode) or fit the reader's window (extended mode); rejects with
   * CHANNEL_CLOSED after {@link #end} or {@link #fail} or once the reader cancelled, or the session's error.
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
    return chan.isBound() ? session.sendBytes(this, bytes) : queue(bytes, null);
  }

  /** Ends this side's direction; the other side reads to its end. Idempotent. */
  @JSExport
  public void end() {
    endOutput(0, null);
  }

  /**
   * Like {@link #close}, but ends this side's direction with an error (extended mode): after the bytes written
   * before, the other side's read rejects with CHANNEL_FAILED, {@code channelCode} = {@code code}. In compat mode
   * the direction ends normally (jschan has no error frame). Stops reading the input, as on the JVM. Idempotent;
   * after {@link #end} it only stops reading. (A third argument {@code true}, for the forwarding copy, keeps
   * reading.)
   */
  @JSExport
  public void fail(JSObject code, JSObject message, JSObject keepReading) {
    endOutput(checkCode(code), Js.text(message));
    if (!Js.isTrue(keepReading)) cancel();
  }

  /**
   * The next chunk (a Uint8Array), or {@code undefined} at the end of the input; rejects if the session ends first,
   * or with CHANNEL_FAILED when the writer failed its direction (extended mode). {@code options.signal} as for
   * {@link Receiver#receive}.
   */
  @JSExport
  public JSObject read(JSObject options) {
    return input.take(Js.option(options, "signal"));
  }

  /**
   * Stops reading: buffered and later input is dropped, pending reads resolve {@code undefined}. In the extended
   * mode the writer is told (cancel): its pending and later writes reject with CHANNEL_CLOSED. Idempotent.
   */
  @JSExport
  public void cancel() {
    if (input.isCancelled()) return;
    input.cancel();
    if (chan.isBound()) session.cancelInput(chan);
  }

  /** {@link #end} and {@link #cancel}. */
  @JSExport
  public void close() {
    end();
    cancel();
  }

  @Override
  void onBound() {
    flushOutput();
    if (input.isCancelled()) session.cancelInput(chan);
  }

  @Override
  void onUnboundFailed() {
    outputFailed(session.endError);
    input.fail(session.endError);
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
    byte[] bytes = (byte[]) data;
    input.push(Js.toUint8Array(bytes), bytes.length);
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
}
