package org.libchan4j.js;

import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/**
 * What {@link Sender}, {@link Receiver} and {@link ByteStream} share: their session, their engine {@link Chan}, and
 * whether they may still travel inside a message.
 */
abstract class Endpoint implements ChanHandler {
  final Session session;
  Chan chan;
  /** Where this end came from, for error messages: "top-level", "received" or "new". */
  final String origin;
  /** True once put in a message that was sent or queued: a channel travels once. */
  boolean transferred;

  /**
   * How {@link Values} gets the Java object behind a reference found inside a message: it calls the object's
   * exported {@code __libchan4jClaim()}, which stores {@code this} here. (A cast from a JavaScript value to a Java
   * type would hide the object's class from TeaVM's analysis, which then drops its methods.) Each concrete class
   * declares the method, so that this abstract class is not exported from the module.
   */
  static Endpoint claimed;

  Endpoint(Session session, String origin) {
    this.session = session;
    this.origin = origin;
  }

  /** "Sender", "Receiver" or "ByteStream". */
  abstract String kind();

  /** The message carrying this end was sent: it now has an id, and what was queued for it can go. */
  abstract void onBound();

  /** The session ended before this end was sent. */
  abstract void onUnboundFailed();

  /**
   * Why this end cannot be put in a message on {@code target}, or null if it can. A channel travels once, only
   * within the session that made it, and only if it was made to travel (PROTOCOL.md section 5: re-sending a
   * received id would be an echoed channel).
   */
  String whyNotTransferable(Session target) {
    if (target != session) return "this " + kind() + " belongs to another session; a channel travels only within"
        + " its session (forward the messages into a new channel instead)";
    if ("received".equals(origin)) return "this " + kind() + " was received from the peer and cannot be sent back"
        + " (an echoed channel): create a new channel with newReceiver(), newSender() or newByteStream() and"
        + " forward the messages";
    if ("top-level".equals(origin)) return "this " + kind() + " is a top-level channel; only ends made with"
        + " newReceiver(), newSender() or newByteStream() can travel inside a message";
    if (transferred || chan.isBound()) return "this " + kind() + " was already sent in a message; a channel"
        + " travels once";
    return null;
  }
}
