package org.libchan4j.js.internal;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.typedarrays.Int8Array;

/**
 * Internal: the parts of the WebSocket API the client uses. Any object with this shape works (the browser's
 * {@code WebSocket}, or the {@code ws} package's class in Node, passed as {@code options.WebSocket}).
 */
public interface Socket extends JSObject {
  int OPEN = 1;

  @JSProperty
  void setBinaryType(String type);

  @JSProperty
  int getReadyState();

  void send(Int8Array data);

  void close(int code, String reason);

  @JSProperty("onopen")
  void setOnOpen(Js.Callback handler);

  @JSProperty("onmessage")
  void setOnMessage(Js.Callback handler);

  @JSProperty("onclose")
  void setOnClose(Js.Callback handler);

  @JSProperty("onerror")
  void setOnError(Js.Callback handler);
}
