package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.function.JSConsumer;

/**
 * The writing end of a channel. {@link #send} takes a message (see {@link Values} for what travels), {@link #close}
 * ends the channel. A Sender made with {@code newSender()} on another Sender is meant to be put in a message: what
 * is sent on it before that message goes is held, in order, and sent right after it.
 */
public final class Sender extends Endpoint {
  /** Messages sent before this (nested) sender travelled: {tree, refs, resolve, reject}. */
  private List<Object[]> queued;
  boolean endRequested;

  Sender(Session session, String origin) {
    super(session, origin);
  }

  /**
   * Sends one message. Resolves once it is handed to the WebSocket; rejects with a ChanError: ENCODING (nothing
   * was sent, the channel stays usable), CHANNEL_CLOSED, or the session's error.
   */
  @JSExport
  public JSPromise<JSObject> send(JSObject message) {
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

  void queue(Object tree, List<Endpoint> refs, JSConsumer<JSObject> resolve, JSConsumer<Object> reject) {
    if (queued == null) queued = new ArrayList<>();
    queued.add(new Object[] {tree, refs, resolve, reject});
  }

  @Override
  @SuppressWarnings("unchecked")
  void onBound() {
    if (queued != null) {
      List<Object[]> items = queued;
      queued = null;
      for (Object[] item : items) {
        JSObject failure = session.sendNow(chan, item[0], (List<Endpoint>) item[1]);
        if (failure == null) ((JSConsumer<JSObject>) item[2]).accept(Js.undefined());
        else ((JSConsumer<Object>) item[3]).accept(failure);
      }
    }
    if (endRequested) session.endChan(chan);
  }

  @Override
  @SuppressWarnings("unchecked")
  void onUnboundFailed() {
    if (queued == null) return;
    for (Object[] item : queued) ((JSConsumer<Object>) item[3]).accept(session.endError);
    queued = null;
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
