/**
 * The libchan4j server: {@link org.libchan4j.server.ChanEndpoint}, the endpoint for any Jakarta WebSocket 2.x
 * container, and {@link org.libchan4j.server.ChanServer}, the embedded Grizzly and Tyrus server.
 *
 * <p>Only {@code org.libchan4j.server} is API; {@code org.libchan4j.server.internal} is exported only to Tyrus,
 * which calls the WebSocket endpoint's methods reflectively.
 */
module org.libchan4j.server {
  requires transitive org.libchan4j.core;
  requires transitive jakarta.websocket; // ChanEndpoint.serverEndpointConfig(), ChanConfigurator
  requires org.libchan4j.websocket;
  requires static jakarta.servlet; // ChanUpgradeFilter only: a servlet container provides it
  requires org.glassfish.tyrus.core;
  requires org.glassfish.tyrus.spi;
  requires org.glassfish.tyrus.server;
  requires org.glassfish.tyrus.container.grizzly.server;
  requires org.glassfish.grizzly;
  requires org.glassfish.grizzly.http;
  requires org.glassfish.grizzly.http.server;

  exports org.libchan4j.server;
  // Tyrus calls the endpoint's onOpen, onClose and onError reflectively; they are declared in internal.EndpointBase.
  exports org.libchan4j.server.internal to org.glassfish.tyrus.core;
}
