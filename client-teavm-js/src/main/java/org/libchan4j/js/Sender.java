package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

/**
 * The writing end of a channel. {@link #send} takes a message (see {@link Values} for what travels), {@link #close}
 * ends the channel. A Sender made with {@code newSender()} on another Sender is meant to be put in a message: what
 * is sent on it before that message goes is held, in order, and sent right after it.
 */
public final class Sender extends Endpoint {
  /** Messages sent before this (nested) sender travelled. */
  private List<Pending> queued;
  boolean endRequested;

  Sender(Session session, String origin) {
    super(session, origin);
  }

  /**
   * Sends one message. Resolves once it is handed to the WebSocket; rejects with a ChanError: ENCODING (nothing
   * was sent, the channel stays usable), CHANNEL_CLOSED, or the session's error.
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
    if (chan.isBound()) session.endChan(chan);
  }

  /** A channel this side writes, to put in a message sent on this one (jschan's WriteChannel). */
  @JSExport
  public Sender newSender() {
    return session.newNestedSender();
  }

  /** A return channel to put in a message sent on this one: this side reads it (jschan's ReadChannel). */
  @JSExport
  public Receiver newReceiver() {
    return session.newReceiver();
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
      for (Pending p : items) {
        JSObject failure = session.sendNow(chan, p.payload, p.refs);
        if (failure == null) p.done.resolve(Js.undefined());
        else p.done.reject(failure);
      }
    }
    if (endRequested) session.endChan(chan);
  }

  @Override
  void onUnboundFailed() {
    if (queued == null) return;
    for (Pending p : queued) p.done.reject(session.endError);
    queued = null;
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
    onUnboundFailed();
  }
}
