package org.libchan4j.server.internal;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * Public entry points for the container. Tyrus calls {@code onOpen} and friends reflectively, which fails on a
 * non-public class; the endpoint itself stays package-private behind this base.
 */
public abstract class EndpointBase extends Endpoint {
  @Override
  public final void onOpen(Session session, EndpointConfig config) {
    opened(session, config);
  }

  @Override
  public final void onClose(Session session, CloseReason reason) {
    closed(session, reason);
  }

  @Override
  public final void onError(Session session, Throwable error) {
    failed(session, error);
  }

  protected abstract void opened(Session session, EndpointConfig config);

  protected abstract void closed(Session session, CloseReason reason);

  protected abstract void failed(Session session, Throwable error);
}
