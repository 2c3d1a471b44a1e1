/**
 * Sessions over TCP, TLS and Unix domain sockets ({@link org.libchan4j.socket.ChanSockets}), and a gateway that
 * ties byte streams to allow-listed TCP backends ({@link org.libchan4j.socket.TcpGateway}).
 */
package org.libchan4j.socket;
