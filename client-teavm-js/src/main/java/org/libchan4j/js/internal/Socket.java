package org.libchan4j.js.internal;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Internal: the parts of the WebSocket API the client calls; {@link Js#listen} sets its events. Any object with this
 * shape works (the browser's {@code WebSocket}, or the {@code ws} package's class in Node, passed as
 * {@code options.WebSocket}).
 */
public interface Socket extends JSObject {
  void send(Int8Array data);

  void close(int code, String reason);
}
