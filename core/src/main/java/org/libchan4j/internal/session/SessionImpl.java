package org.libchan4j.internal.session;

import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.transport.Transport;

/** Internal: the JVM session. Not for use outside this project. (Work in progress.) */
public final class SessionImpl {
  private SessionImpl() {}

  public static Session open(Transport transport, SessionOptions options) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
