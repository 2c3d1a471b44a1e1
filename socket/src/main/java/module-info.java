/**
 * libchan4j over raw byte streams: {@link org.libchan4j.socket.ChanSockets} (TCP, TLS, Unix domain sockets in
 * jschan's length-prefixed framing) and {@link org.libchan4j.socket.TcpGateway}.
 *
 * <p>Only {@code org.libchan4j.socket} is API; {@code org.libchan4j.socket.internal} is not exported.
 */
module org.libchan4j.socket {
  requires transitive org.libchan4j.core;

  exports org.libchan4j.socket;
}
