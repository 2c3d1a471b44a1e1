package org.libchan4j.js;

import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Inbox;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

/**
 * The reading end of a channel: the messages its sender wrote, in order, then the end. Read with {@link #receive},
 * {@code for await}, or {@link #onMessage}/{@link #onEnd} callbacks (one style per receiver). Messages that
 * arrive before anyone asks are buffered. In the extended mode each message the application takes returns credit
 * to the writer, whose sends wait within the channel's capacity.
 */
public final class Receiver extends Endpoint implements Inbox.Owner {
  private final Inbox inbox = new Inbox(this);

  Receiver(Session session, boolean travels) {
    super(session, travels);
  }

  /**
   * The next message, or {@code undefined} once the sender ended the channel (or after {@link #close}); rejects
   * with the session's ChanError if the session ends first, so a dropped connection never looks like an end, and
   * with CHANNEL_FAILED (and {@code channelCode}) when the writer failed the channel (extended mode). With
   * {@code options.signal} (an AbortSignal) aborting rejects with the signal's reason, and the receive then takes
   * no message: the next receive gets it.
   */
  @JSExport
  public JSObject receive(JSObject options) {
    return inbox.take(Js.option(options, "signal"));
  }

  /** Internal, for {@code select}: see {@link Inbox#waitFor}. */
  @JSExport
  @JSMethod("__libchan4jWait")
  public JSObject waitFor(JSObject taker) {
    return inbox.waitFor(taker);
  }

  /** Hands every message (buffered ones first) to {@code callback}, in a microtask each. Returns this. */
  @JSExport
  public Receiver onMessage(Js.Callback callback) {
    inbox.onItem(callback);
    return this;
  }

  /**
   * Calls {@code callback()} once the channel has ended and every message was handed out, or
   * {@code callback(error)} if the session ended first. Returns this.
   */
  @JSExport
  public Receiver onEnd(Js.Callback callback) {
    inbox.onEnd(callback);
    return this;
  }

  /**
   * Stops reading: buffered and later messages are dropped and pending receives resolve {@code undefined}. In the
   * extended mode the writer is told (cancel): its later sends fail; the jschan protocol cannot tell it.
   * Idempotent.
   */
  @JSExport
  public void close() {
    if (inbox.isCancelled()) return;
    inbox.cancel();
    if (chan != null && chan.isBound()) session.endChan(chan);
  }

  @Override
  void onBound() {
    if (inbox.isCancelled()) session.endChan(chan);
  }

  @Override
  void onUnboundFailed() {
    inbox.fail(session.endError);
  }

  /** See {@link Endpoint#claimed}. */
  @JSExport
  @JSMethod("__libchan4jClaim")
  public void claim() {
    claimed = this;
  }

  @Override
  String kind() {
    return "Receiver";
  }

  @Override
  public void taken(JSObject value) {
    session.consumed(chan, 1);
  }

  @Override
  public void onData(Chan chan, Object data, int wireBytes) {
    inbox.push(Values.toJs(data), wireBytes);
  }

  @Override
  public void onEnd(Chan chan) {
    inbox.end();
  }

  @Override
  public void onFailed(Chan chan, RuntimeException cause) {
    inbox.fail(session.error(cause));
  }
}
