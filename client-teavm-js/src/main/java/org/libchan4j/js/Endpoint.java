package org.libchan4j.js;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;
import org.libchan4j.js.internal.Errors;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSObject;

/**
 * What {@link Sender}, {@link Receiver} and {@link ByteStream} share: their session, their engine {@link Chan}, how
 * they travel inside a message, and the end of what this side writes (Sender and ByteStream).
 *
 * <p>Travelling (PROTOCOL.md section 5): an end made to travel ({@code newReceiver()}, {@code newSender()} on a
 * Sender, {@code newByteStream()}) goes in a message of its own session as itself, once. Any other end (received
 * from the peer, a top-level channel, or an end of another session) is forwarded, as the JVM session does: the
 * message carries a new channel or stream instead (a {@link #source forwarder}), and once that message was sent a
 * copy runs between the two ({@link Js#pump}): what a Receiver yields is sent on the new channel, what arrives on
 * a new channel goes into a Sender, and a ByteStream's two directions are copied both ways. Ends, failures and
 * cancels travel along; re-sending the received id itself would be an echoed channel.
 */
abstract class Endpoint implements ChanHandler {
  final Session session;
  Chan chan;
  /** True for the ends made to travel (see the class comment); false for received and top-level ones. */
  final boolean travels;
  /** True once put in a message that was sent or queued (itself, or forwarded): a channel travels once. */
  boolean transferred;
  /** For a forwarder: the end it stands in for, which it copies from or into once its message was sent. */
  Endpoint source;
  /** Sender and ByteStream: this side's output was ended ({@code failMessage} null) or failed by the application. */
  boolean endRequested;
  String failMessage;
  int failCode;
  /** Sender and ByteStream: the promises of what was sent, and the messages or chunks waiting for this end to travel. */
  final Completions completions = new Completions();
  private List<Pending> queued;

  /**
   * How {@link Values} gets the Java object behind a reference found inside a message: it calls the object's
   * exported {@code __libchan4jClaim()}, which stores {@code this} here. (A cast from a JavaScript value to a Java
   * type would hide the object's class from TeaVM's analysis, which then drops its methods.) Each concrete class
   * declares the method, so that this abstract class is not exported from the module.
   */
  static Endpoint claimed;

  Endpoint(Session session, boolean travels) {
    this.session = session;
    this.travels = travels;
  }

  /** "Sender", "Receiver" or "ByteStream". */
  abstract String kind();

  /** The message carrying this end was sent: it now has an id, and what was queued for it can go. */
  abstract void onBound();

  /** The session ended before this end was sent. */
  abstract void onUnboundFailed();

  /** Why this end cannot be put in a message now (it already travelled), or null. */
  String whyNotTransferable() {
    return transferred || travels && chan.isBound()
        ? "this " + kind() + " was already sent in a message; a channel travels once" : null;
  }

  /** For a forwarder whose message was sent: starts copying between it and its {@link #source}. */
  void startCopy() {
    JSObject self = Session.js(this);
    JSObject other = Session.js(source);
    if (this instanceof Sender) {
      Js.pump(other, self, false); // the source Receiver's messages go to the peer
    } else if (this instanceof Receiver) {
      Js.pump(self, other, false); // the peer's messages go into the source Sender
    } else {
      Js.pump(self, other, true);
      Js.pump(other, self, true);
    }
  }

  /** The argument of {@code fail(code, message)}, checked: an int32. */
  static int checkCode(JSObject code) {
    if (!Js.isInt32(code)) {
      Js.raise(Js.typeError("fail: code must be an integer in -2^31..2^31-1, not " + Js.describe(code)));
    }
    return (int) Js.asNumber(code);
  }

  /** Ends ({@code message} null) or fails what this side writes, now if bound, else once bound. Idempotent. */
  void endOutput(int code, String message) {
    if (endRequested) return;
    endRequested = true;
    failCode = code;
    failMessage = message;
    if (chan.isBound()) endBoundOutput();
  }

  /** Sends the END or error frame {@link #endOutput} asked for. */
  void endBoundOutput() {
    if (failMessage != null) session.failChan(chan, failCode, failMessage);
    else session.endChan(chan);
  }

  /**
   * Sender and ByteStream: holds a converted message ({@code refs}: the ends it carries) or a chunk ({@code refs}
   * null) until this end travels; returns the promise of its sending.
   */
  JSObject queue(Object payload, List<Endpoint> refs) {
    if (queued == null) queued = new ArrayList<>();
    Pending p = new Pending(payload, refs, Js.deferred());
    queued.add(p);
    return p.done.getPromise();
  }

  /** Sender and ByteStream, once bound: sends what was queued, then the END or error frame asked for meanwhile. */
  void flushOutput() {
    if (queued != null) {
      List<Pending> items = queued;
      queued = null;
      for (Pending p : items) {
        p.done.resolve(p.refs == null ? session.sendBytes(this, (byte[]) p.payload)
            : session.sendNow(this, p.payload, p.refs));
      }
    }
    if (endRequested) endBoundOutput();
  }

  /** What this side writes failed, or can never be sent: queued and pending sends reject with {@code error}. */
  void outputFailed(JSObject error) {
    if (queued != null) {
      for (Pending p : queued) p.done.reject(error);
      queued = null;
    }
    completions.fail(error);
  }

  /** A writing direction: more of what was sent may count as complete. */
  @Override
  public void onProgress(Chan c) {
    completions.progress(session.completed(c));
  }

  /** A writing direction: the peer's reader closed it (extended mode). */
  @Override
  public void onCancelled(Chan c) {
    outputFailed(Errors.create(Errors.CHANNEL_CLOSED, "the " + (this instanceof Sender ? "receiver" : "reader")
        + " closed " + c, 0));
  }

  /** A writing direction (a Sender) receives nothing; Receiver and ByteStream override these. */
  @Override
  public void onData(Chan c, Object data, int wireBytes) {
  }

  @Override
  public void onEnd(Chan c) {
  }

  /** Inbox.Owner of Receiver and ByteStream: bytes held for the application (maxBufferedBytes). */
  public void held(int bytes) {
    session.hold(bytes);
  }
}
