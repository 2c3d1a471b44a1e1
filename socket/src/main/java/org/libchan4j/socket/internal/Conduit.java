package org.libchan4j.socket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connected, reliable byte stream under a {@link StreamTransport}: one thread reads {@link #input()} while another
 * writes {@link #output()}. {@link #close()} makes a blocked read or write fail at once.
 */
public interface Conduit {

  InputStream input();

  OutputStream output();

  /** Ends what this side writes (TCP FIN, TLS close_notify); reading goes on. */
  void shutdownOutput() throws IOException;

  /** Closes both directions; idempotent, never throws. */
  void close();

  /** The remote address, for logs. */
  String describe();
}
