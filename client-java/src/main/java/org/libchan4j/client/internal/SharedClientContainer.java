package org.libchan4j.client.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpClientFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOConnectorHandler;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.ssl.SSLConnectionContext;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.ssl.SSLFilter;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.UpgradeRequest;

/**
 * Tyrus's client container SPI over the JVM-wide {@link ClientRuntime}: each connection is a Grizzly connection with
 * its own filter chain (TLS, HTTP client codec, {@link UpgradeFilter}) on the shared transport. Tyrus instantiates it
 * by class name, hence public.
 *
 * <p>{@link #openClientSocket} returns once the TCP connection (and TLS handshake) is up, within the handshake
 * timeout; Tyrus's {@code ClientManager} then waits for the upgrade response. TLS uses the endpoint config's
 * {@code SSLContext} (the JDK default otherwise) and verifies the host name.
 */
public final class SharedClientContainer implements ClientContainer {
  private static final int DEFAULT_TIMEOUT_MS = 30_000;

  public SharedClientContainer() {}

  @Override
  public void openClientSocket(ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
      throws DeploymentException, IOException {
    Object t = properties.get(ClientProperties.HANDSHAKE_TIMEOUT);
    long timeoutMs = t instanceof Integer ? (Integer) t : DEFAULT_TIMEOUT_MS;
    Attempt attempt = new Attempt();
    UpgradeRequest request = engine.createUpgradeRequest(attempt::abandon);
    URI uri = request.getRequestURI();
    boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
    if (address.isUnresolved()) {
      throw new DeploymentException("unknown host " + uri.getHost(), new UnknownHostException(uri.getHost()));
    }
    UpgradedInput upgraded = new UpgradedInput();
    Object endpoint = config.getUserProperties().get(ClientEndpoint.KEY);
    UpgradeFilter upgrade = new UpgradeFilter(engine, request, upgraded,
        endpoint instanceof ClientEndpoint ? (ClientEndpoint) endpoint : null);
    FilterChainBuilder chain = FilterChainBuilder.stateless().add(new TransportFilter());
    if (secure) chain.add(tls(config.getSSLContext(), uri, attempt));
    chain.add(upgraded).add(new HttpClientFilter()).add(upgrade);

    ClientRuntime.Lease lease = ClientRuntime.acquire();
    try {
      TCPNIOConnectorHandler.builder(lease.transport()).processor(chain.build()).build()
          .connect(address, new EmptyCompletionHandler<Connection>() {
            @Override
            public void completed(Connection connection) {
              connection.addCloseListener((closeable, type) -> lease.release());
              if (endpoint instanceof ClientEndpoint) ((ClientEndpoint) endpoint).connected(connection);
              attempt.connected(connection, !secure);
            }

            @Override
            public void failed(Throwable error) {
              lease.release();
              attempt.ready.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    try {
      attempt.ready.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      upgrade.quiet();
      attempt.abandon();
      throw new DeploymentException("no connection to " + uri + " within " + timeoutMs + " ms",
          new SocketTimeoutException("connect timed out after " + timeoutMs + " ms"));
    } catch (ExecutionException e) {
      upgrade.quiet();
      attempt.abandon();
      Throwable cause = e.getCause();
      throw new DeploymentException((secure ? "TLS connection to " : "connection to ") + uri + " failed: " + cause,
          cause);
    } catch (InterruptedException e) {
      upgrade.quiet();
      attempt.abandon();
      Thread.currentThread().interrupt();
      throw new DeploymentException("interrupted while connecting to " + uri, e);
    }
  }

  private static SSLFilter tls(SSLContext context, URI uri, Attempt attempt) throws DeploymentException {
    SSLContext ctx = context;
    if (ctx == null) {
      try {
        ctx = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new DeploymentException("no default TLS context: " + e.getMessage(), e);
      }
    }
    SSLFilter filter = new KeepsDataBeforeCloseNotify(new HostVerifying(ctx, uri.getHost()));
    filter.addHandshakeListener(new SSLBaseFilter.HandshakeListener() {
      @Override
      public void onStart(Connection<?> connection) {}

      @Override
      public void onComplete(Connection<?> connection) {
        attempt.ready.complete(null);
      }

      @Override
      public void onFailure(Connection<?> connection, Throwable error) {
        attempt.ready.completeExceptionally(error);
        connection.closeSilently();
      }
    });
    return filter;
  }

  /**
   * Grizzly 4.0.2's {@code unwrapAll} decrypts the records of one read and then, if the last one was the peer's
   * close_notify, stops the chain with the decrypted bytes unread. A TLS-terminating proxy (nginx) sends the
   * server's WebSocket close frame and its close_notify back to back, so in about one close of seven the close frame
   * was lost and the session ended with 1006 instead of the server's code. Here those bytes go up the chain; the
   * connection's end follows as before.
   */
  private static final class KeepsDataBeforeCloseNotify extends SSLFilter {
    KeepsDataBeforeCloseNotify(SSLEngineConfigurator client) {
      super(null, client);
    }

    @Override
    protected NextAction unwrapAll(FilterChainContext ctx, SSLConnectionContext sslCtx) throws SSLException {
      Object encrypted = ctx.getMessage();
      NextAction action = super.unwrapAll(ctx, sslCtx);
      Object decrypted = ctx.getMessage();
      if (action.type() == ctx.getStopAction().type() && sslCtx.getSslEngine().isInboundDone()
          && decrypted != encrypted && decrypted instanceof Buffer b && b.hasRemaining()) {
        return ctx.getInvokeAction();
      }
      return action;
    }
  }

  /** Client-mode engines for the URI's host, with HTTPS host name verification (as Tyrus does by default). */
  private static final class HostVerifying extends SSLEngineConfigurator {
    private final String host;

    HostVerifying(SSLContext context, String host) {
      super(context, true, false, false);
      this.host = host;
    }

    @Override
    public SSLEngine createSSLEngine(String peerHost, int peerPort) {
      SSLEngine engine = super.createSSLEngine(host, peerPort);
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(p);
      return engine;
    }
  }

  /** One connection attempt: ready when connected (and TLS is up); a late connection after giving up is closed. */
  private static final class Attempt {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicReference<Connection<?>> connection = new AtomicReference<>();
    private volatile boolean abandoned;

    void connected(Connection<?> c, boolean ready) {
      connection.set(c);
      if (abandoned) {
        c.closeSilently();
      } else if (ready) {
        this.ready.complete(null);
      }
    }

    /** Also Tyrus's handshake-timeout handler. */
    void abandon() {
      abandoned = true;
      Connection<?> c = connection.get();
      if (c != null) c.closeSilently();
    }
  }
}
