package org.libchan4j.client.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.tyrus.core.BaseContainer;

/**
 * The container Tyrus's client sessions see: their executors are the {@link ClientRuntime}'s timer, so they live
 * exactly as long as the runtime. (With the {@code ClientManager}'s own executors, which it shuts down whenever its
 * last connection closes, a session opening at that moment gets an executor being shut down, and its handshake
 * fails.) Defaults are those of Tyrus's {@code ClientManager}. Connecting goes through ChanClient, not through here.
 */
public final class SessionContainer extends BaseContainer {
  private volatile long asyncSendTimeout;
  private volatile long maxSessionIdleTimeout;
  private volatile int maxBinaryMessageBufferSize = Integer.MAX_VALUE;
  private volatile int maxTextMessageBufferSize = Integer.MAX_VALUE;

  @Override
  public ExecutorService getExecutorService() {
    return ClientRuntime.timer();
  }

  @Override
  public ScheduledExecutorService getScheduledExecutorService() {
    return ClientRuntime.timer();
  }

  /** Tyrus's container properties; the client's settings travel per connection instead. */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of();
  }

  @Override
  public long getDefaultAsyncSendTimeout() {
    return asyncSendTimeout;
  }

  @Override
  public void setAsyncSendTimeout(long timeout) {
    asyncSendTimeout = timeout;
  }

  @Override
  public long getDefaultMaxSessionIdleTimeout() {
    return maxSessionIdleTimeout;
  }

  @Override
  public void setDefaultMaxSessionIdleTimeout(long timeout) {
    maxSessionIdleTimeout = timeout;
  }

  @Override
  public int getDefaultMaxBinaryMessageBufferSize() {
    return maxBinaryMessageBufferSize;
  }

  @Override
  public void setDefaultMaxBinaryMessageBufferSize(int size) {
    maxBinaryMessageBufferSize = size;
  }

  @Override
  public int getDefaultMaxTextMessageBufferSize() {
    return maxTextMessageBufferSize;
  }

  @Override
  public void setDefaultMaxTextMessageBufferSize(int size) {
    maxTextMessageBufferSize = size;
  }

  @Override
  public Set<Extension> getInstalledExtensions() {
    return Set.of();
  }

  @Override
  public Session connectToServer(Object endpoint, URI path) {
    throw notHere();
  }

  @Override
  public Session connectToServer(Class<?> endpointClass, URI path) {
    throw notHere();
  }

  @Override
  public Session connectToServer(Endpoint endpoint, ClientEndpointConfig config, URI path) {
    throw notHere();
  }

  @Override
  public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path) {
    throw notHere();
  }

  private static UnsupportedOperationException notHere() {
    return new UnsupportedOperationException("connect with org.libchan4j.client.ChanClient");
  }
}
