/**
 * libchan4j's core: the channel API ({@link org.libchan4j.Session}, {@link org.libchan4j.Sender},
 * {@link org.libchan4j.Receiver}, {@link org.libchan4j.ByteStream}, {@link org.libchan4j.Pipe}) and the
 * {@link org.libchan4j.transport.Transport} seam a transport module implements.
 *
 * <p>Only {@code org.libchan4j} and {@code org.libchan4j.transport} are API. The {@code internal} packages (codec,
 * engine, binding, JVM session) are exported only to the libchan4j transport modules that are built on them.
 *
 * <p>Messages are bound with Gson: a named module whose message types travel over a session must open their
 * package to {@code com.google.gson} ({@code opens my.app.messages to com.google.gson;}).
 */
module org.libchan4j.core {
  requires transitive com.google.gson; // SessionOptions.Builder.gson(GsonBuilder)

  exports org.libchan4j;
  exports org.libchan4j.transport;

  exports org.libchan4j.internal to
      org.libchan4j.websocket, org.libchan4j.server, org.libchan4j.client, org.libchan4j.socket;
  exports org.libchan4j.internal.engine to org.libchan4j.websocket, org.libchan4j.server, org.libchan4j.client;
  exports org.libchan4j.internal.session to org.libchan4j.server, org.libchan4j.client, org.libchan4j.socket;
}
