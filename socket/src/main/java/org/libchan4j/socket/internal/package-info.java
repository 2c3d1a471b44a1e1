/**
 * Internal: not for use outside this project. The length-prefixed stream framing, the socket transport and its
 * conduits (TCP, TLS, Unix domain sockets), the listener and the gateway's tunnels.
 */
package org.libchan4j.socket.internal;
