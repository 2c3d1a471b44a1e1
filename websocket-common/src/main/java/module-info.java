/**
 * The libchan4j transport over a {@code jakarta.websocket.Session}, shared by the server and the Java client.
 *
 * <p>No API of its own: its one package is internal and exported only to {@code org.libchan4j.server} and
 * {@code org.libchan4j.client}, which is where applications meet it.
 */
module org.libchan4j.websocket {
  requires org.libchan4j.core;
  requires jakarta.websocket.client;

  exports org.libchan4j.websocket.internal to org.libchan4j.server, org.libchan4j.client;
}
