package org.libchan4j.socket.internal;

import org.libchan4j.SessionOptions;
import org.libchan4j.socket.SocketOptions;

/** Builds transports with the options' limits. */
final class Connections {
  private Connections() {}

  static StreamTransport transport(Conduit conduit, SocketOptions options) {
    return new StreamTransport(conduit, options.limits().maxMessageBytes(), options.limits().maxBufferedBytes(),
        options.closeTimeout().toMillis(), options.closeDrainBytes(), options.mode() == SessionOptions.Mode.EXTENDED);
  }
}
