package org.libchan4j.js;

import org.libchan4j.js.internal.Errors;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;

/**
 * The class of every error this library reports: a JavaScript {@code Error} subclass (its prototype is chained to
 * {@code Error.prototype} at start-up) with {@code code} (ENCODING, CHANNEL_CLOSED, SESSION_CLOSED, PROTOCOL,
 * CONNECT_FAILED, LIMIT, INTERNAL) and, where a session ended, {@code closeCode}. The library creates them as
 * real Error objects (with a stack); this Java class only gives them their exported name and prototype.
 */
public final class ChanError {
  /** For the prototype lookup at start-up only. */
  ChanError() {
  }

  /** {@code new ChanError(code, message)} from JavaScript, e.g. in tests of application code. */
  @JSExport
  public ChanError(JSObject code, JSObject message) {
    LibChan.start();
    Errors.init(this, code, message);
  }
}
