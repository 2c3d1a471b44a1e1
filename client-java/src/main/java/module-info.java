/**
 * The libchan4j Java client: {@link org.libchan4j.client.ChanClient} connects sessions over {@code ws://} and
 * {@code wss://}.
 *
 * <p>Only {@code org.libchan4j.client} is API; {@code org.libchan4j.client.internal} is exported only to Tyrus, which
 * instantiates the client's WebSocket container by name.
 */
module org.libchan4j.client {
  requires transitive org.libchan4j.core;
  requires org.libchan4j.websocket;
  requires jakarta.websocket.client;
  requires org.glassfish.tyrus.core;
  requires org.glassfish.tyrus.spi;
  requires org.glassfish.tyrus.client;
  requires org.glassfish.grizzly;
  requires org.glassfish.grizzly.http;

  exports org.libchan4j.client;
  // Tyrus instantiates the client container from its class name (ClientManager.createClient), in tyrus-core.
  exports org.libchan4j.client.internal to org.glassfish.tyrus.core;
}
