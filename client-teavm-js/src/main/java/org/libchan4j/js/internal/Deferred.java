package org.libchan4j.js.internal;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * Internal: a JavaScript promise with its settling functions ({@link Js#deferred()}). Cheaper in the output than
 * TeaVM's JSPromise with Java lambdas, and it keeps JavaScript values out of Java containers.
 */
public interface Deferred extends JSObject {
  @JSProperty
  JSObject getPromise();

  void resolve(JSObject value);

  void reject(JSObject error);
}
