package org.libchan4j.js;

import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The writing end of a channel. {@link #send} takes a message (see {@link Values} for what travels), {@link #close}
 * ends the channel and {@link #fail} fails it. A Sender made with {@code newSender()} on another Sender is meant to
 * be put in a message: what is sent on it before that message goes is held, in order, and sent right after it.
 *
 * <p>Flow control (extended mode): a send resolves once the message fits the receiver's capacity, and for capacity
 * 0 once the receiving application has taken it, as in Go. {@link #getClosed closed} rejects when the receiver
 * closes the channel (cancel), so a producer can stop.
 */
public final class Sender extends Endpoint {
  /** Settles when this channel takes no more messages. */
  private final Deferred closed = Js.deferred();

  Sender(Session session, boolean travels) {
    super(session, travels);
    Js.handled(closed.getPromise());
  }

  /**
   * Sends one message. Resolves when it counts as sent: handed to the WebSocket (compat mode), or within the
   * receiver's capacity, or taken by the receiving application when the capacity is 0 (extended mode). Rejects
   * with a ChanError: ENCODING (nothing was sent, the channel stays usable), CHANNEL_CLOSED (after close() or
   * fail(), or the receiver closed the channel), or the session's error.
   */
  @JSExport
  public JSObject send(JSObject message) {
    return session.send(this, message);
  }

  /** Ends the channel: the receiver sees the end after every message sent before. Idempotent. */
  @JSExport
  public void close() {
    endOutput(0, null);
    closed.resolve(Js.undefined());
  }

  /**
   * Ends the channel with an error (extended mode): after the messages sent before, the receiver's receive
   * rejects with CHANNEL_FAILED, {@code channelCode} = {@code code}. In compat mode the channel ends normally
   * (jschan has no error frame). Idempotent, and a no-op after {@link #close}.
   */
  @JSExport
  public void fail(JSObject code, JSObject message) {
    endOutput(checkCode(code), Js.text(message));
    closed.resolve(Js.undefined());
  }

  /**
   * Resolves after {@link #close} or {@link #fail}; rejects with CHANNEL_CLOSED when the receiver closed the
   * channel (extended mode), or with the session's error when the session ends first.
   */
  @JSExport
  @JSProperty
  public JSObject getClosed() {
    return closed.getPromise();
  }

  /** A channel this side writes, to put in a message sent on this one (jschan's WriteChannel). */
  @JSExport
  public Sender newSender() {
    return session.newNestedSender();
  }

  /**
   * A return channel to put in a message sent on this one: this side reads it (jschan's ReadChannel);
   * {@code options.capacity} as for the session's.
   */
  @JSExport
  public Receiver newReceiver(JSObject options) {
    return session.newReceiver(options);
  }

  /** A byte stream to put in a message sent on this one (jschan's BinaryStream). */
  @JSExport
  public ByteStream newByteStream() {
    return session.newByteStream();
  }

  @Override
  void onBound() {
    flushOutput();
  }

  @Override
  void onUnboundFailed() {
    outputFailed(session.endError);
  }

  @Override
  void outputFailed(JSObject error) {
    super.outputFailed(error);
    closed.reject(error);
  }

  /** See {@link Endpoint#claimed}. */
  @JSExport
  @JSMethod("__libchan4jClaim")
  public void claim() {
    claimed = this;
  }

  @Override
  String kind() {
    return "Sender";
  }

  @Override
  public void onFailed(Chan chan, RuntimeException cause) {
    outputFailed(session.error(cause));
  }
}
