package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Deferred;
import org.libchan4j.js.internal.Errors;
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
  final Completions completions = new Completions();
  /** Settles when this channel takes no more messages. */
  private final Deferred closed = Js.deferred();
  /** Messages sent before this (nested) sender travelled. */
  private List<Pending> queued;
  boolean endRequested;
  /** Set by {@link #fail}: the error frame's message (null for a normal end) and code. */
  private String failMessage;
  private int failCode;

  Sender(Session session, String origin) {
    super(session, origin);
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
    if (endRequested) return;
    endRequested = true;
    closed.resolve(Js.undefined());
    if (chan.isBound()) session.endChan(chan);
  }

  /**
   * Ends the channel with an error (extended mode): after the messages sent before, the receiver's receive
   * rejects with CHANNEL_FAILED, {@code channelCode} = {@code code}. In compat mode the channel ends normally
   * (jschan has no error frame). Idempotent, and a no-op after {@link #close}.
   */
  @JSExport
  public void fail(JSObject code, JSObject message) {
    if (!Js.isInt32(code)) {
      Js.raise(Js.typeError("fail: code must be an integer in -2^31..2^31-1, not " + Js.describe(code)));
    }
    if (endRequested) return;
    endRequested = true;
    failCode = (int) Js.asNumber(code);
    failMessage = Js.text(message);
    closed.resolve(Js.undefined());
    if (chan.isBound()) session.failChan(chan, failCode, failMessage);
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

  /** Holds a converted message until this sender travels; returns the promise of its sending. */
  JSObject queue(Object tree, List<Endpoint> refs) {
    if (queued == null) queued = new ArrayList<>();
    Pending p = new Pending(tree, refs, Js.deferred());
    queued.add(p);
    return p.done.getPromise();
  }

  @Override
  void onBound() {
    if (queued != null) {
      List<Pending> items = queued;
      queued = null;
      for (Pending p : items) p.done.resolve(session.sendNow(this, p.payload, p.refs));
    }
    if (!endRequested) return;
    if (failMessage != null) session.failChan(chan, failCode, failMessage);
    else session.endChan(chan);
  }

  @Override
  void onUnboundFailed() {
    failed(session.endError);
  }

  private void failed(JSObject error) {
    if (queued != null) {
      for (Pending p : queued) p.done.reject(error);
      queued = null;
    }
    completions.fail(error);
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
  public void onData(Chan chan, Object data, int wireBytes) {
    throw new IllegalStateException("data for a channel this side writes");
  }

  @Override
  public void onEnd(Chan chan) {
    throw new IllegalStateException("end for a channel this side writes");
  }

  @Override
  public void onFailed(Chan chan, RuntimeException cause) {
    failed(session.error(cause));
  }

  @Override
  public void onProgress(Chan chan) {
    completions.progress(session.completed(chan));
  }

  @Override
  public void onCancelled(Chan chan) {
    failed(Errors.create(Errors.CHANNEL_CLOSED, "the receiver closed " + chan, 0));
  }
}
