package org.libchan4j.client.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.Writer;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * The last filter of one client connection (after Grizzly's HTTP client codec): writes Tyrus's upgrade request on
 * connect, hands the response to Tyrus's {@link ClientEngine}, then reads the WebSocket frames: whole binary messages
 * go to the session's transport directly ({@link InboundFrames}), everything else to Tyrus's read handler.
 * A connection that closes before any response is reported to the engine at once, so the connect fails without
 * waiting for the handshake timeout.
 *
 * <p>Reads (one at a time, on a Grizzly worker) and the close are serialized by {@link #lock}, but the close never
 * waits for it: Grizzly may report the close on a thread that is writing while holding a session's lock, and the
 * reader may be waiting for that lock to deliver a message. So a close that finds a read in progress is left to the
 * reader, which handles it as soon as it lets go.
 */
final class UpgradeFilter extends BaseFilter {
  private final ClientEngine engine;
  private final UpgradeRequest request;
  private final UpgradedInput upgradedInput;
  private final ClientEndpoint endpoint;
  private final ReentrantLock lock = new ReentrantLock();
  private org.glassfish.tyrus.spi.Connection websocket; // guarded by lock
  /** Takes whole binary messages out of the input for the transport; null without an endpoint. Guarded by lock. */
  private InboundFrames frames;
  private InboundFrames.Sink sink; // guarded by lock
  private boolean responded; // guarded by lock
  private boolean closeHandled; // guarded by lock
  private volatile boolean closed;
  private volatile boolean quiet;

  /** @param endpoint the session's endpoint, whose transport gets binary messages directly; null: all to Tyrus */
  UpgradeFilter(ClientEngine engine, UpgradeRequest request, UpgradedInput upgradedInput, ClientEndpoint endpoint) {
    this.engine = engine;
    this.request = request;
    this.upgradedInput = upgradedInput;
    this.endpoint = endpoint;
  }

  /** The connect already failed and was reported: a later close must not report again. */
  void quiet() {
    quiet = true;
  }

  @Override
  public NextAction handleConnect(FilterChainContext ctx) {
    ctx.write(requestPacket(request));
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    HttpContent content = ctx.getMessage();
    lock.lock();
    try {
      if (closeHandled) return ctx.getStopAction();
      if (websocket == null) {
        if (responded) return ctx.getStopAction(); // the body of a refused upgrade
        responded = true;
        if (!upgrade(ctx.getConnection(), (HttpResponsePacket) content.getHttpHeader())) return ctx.getStopAction();
        // Once this read is done, the response is no longer needed: later reads skip the codec (UpgradedInput).
        Connection<?> connection = ctx.getConnection();
        ctx.addCompletionListener(done -> upgradedInput.upgraded(connection));
      }
      Buffer bytes = content.getContent();
      if (!bytes.hasRemaining()) return ctx.getStopAction();
      if (frames == null && endpoint != null && endpoint.transport() != null) {
        WebSocketTransport transport = endpoint.transport(); // Tyrus opened it during the upgrade
        frames = new InboundFrames(transport.maxMessageBytes());
        org.glassfish.tyrus.spi.ReadHandler tyrus = websocket.getReadHandler();
        sink = new InboundFrames.Sink() {
          @Override public void message(byte[] payload) {
            transport.onWholeMessage(payload);
          }

          @Override public void tyrus(ByteBuffer b) {
            tyrus.handle(b); // Tyrus copies what it keeps
          }
        };
      }
      if (frames != null) {
        frames.read(bytes.toByteBuffer(), sink);
      } else {
        websocket.getReadHandler().handle(bytes.toByteBuffer()); // Tyrus copies what it keeps
      }
    } finally {
      lock.unlock();
      handleCloseIfAny();
    }
    return ctx.getStopAction();
  }

  /** Lets Tyrus check the response; true if the WebSocket is open. */
  private boolean upgrade(Connection<?> connection, HttpResponsePacket response) {
    if (response.getStatus() != 101) {
      // Reported with the status line: Tyrus's HandshakeException keeps only the status, and a libchan4j server's
      // reason phrase tells an Origin refusal from an Authenticator's 403. (Tyrus would only act on a 3xx, 401 or
      // 503 with its redirect, credential or retry-after options, which ChanClient never sets.)
      String phrase = response.getReasonPhrase();
      engine.processError(new UpgradeRefusedException(response.getStatus(), phrase == null ? "" : phrase));
      connection.closeSilently();
      return false;
    }
    Writer writer = new ConnectionWriter(connection);
    ClientEngine.ClientUpgradeInfo info;
    try {
      info = engine.processResponse(tyrusResponse(response), writer, reason -> {
        try {
          writer.close();
        } catch (IOException ignored) {
          // closeSilently does not throw
        }
      });
      if (info.getUpgradeStatus() == ClientEngine.ClientUpgradeStatus.SUCCESS) {
        websocket = info.createConnection();
        return true;
      }
    } catch (RuntimeException e) { // fail the connect now with the cause, not at the handshake timeout
      engine.processError(e);
      connection.closeSilently();
      return false;
    }
    connection.closeSilently(); // UPGRADE_REQUEST_FAILED: a 101 Tyrus refused, and the engine has reported why
    return false;
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) {
    closed = true;
    handleCloseIfAny();
    return ctx.getStopAction();
  }

  /** Handles the close once, unless another thread is reading: that one calls this again when done. Never waits. */
  private void handleCloseIfAny() {
    if (!closed || !lock.tryLock()) return;
    try {
      if (closeHandled) return;
      closeHandled = true;
      if (websocket != null) {
        websocket.close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason()); // no-op after a close handshake
      } else if (!responded && !quiet) {
        engine.processError(new ClosedBeforeHandshakeException(request.getRequestURI()));
      }
    } finally {
      lock.unlock();
    }
  }

  private static HttpContent requestPacket(UpgradeRequest request) {
    URI uri = request.getRequestURI();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    HttpRequestPacket.Builder b = HttpRequestPacket.builder().protocol(Protocol.HTTP_1_1).method(Method.GET)
        .uri(path);
    if (uri.getRawQuery() != null) b.query(uri.getRawQuery());
    for (Map.Entry<String, List<String>> h : request.getHeaders().entrySet()) {
      b.header(h.getKey(), String.join(", ", h.getValue()));
    }
    return HttpContent.builder(b.build()).build();
  }

  private static TyrusUpgradeResponse tyrusResponse(HttpResponsePacket response) {
    TyrusUpgradeResponse r = new TyrusUpgradeResponse();
    for (String name : response.getHeaders().names()) {
      for (String value : response.getHeaders().values(name)) {
        List<String> values = r.getHeaders().get(name);
        if (values == null) {
          r.getHeaders().put(name, Utils.parseHeaderValue(value.trim()));
        } else {
          values.addAll(Utils.parseHeaderValue(value.trim()));
        }
      }
    }
    r.setStatus(response.getStatus());
    r.setReasonPhrase(response.getReasonPhrase());
    return r;
  }

  /**
   * Tyrus's writes straight into Grizzly's asynchronous write queue, which keeps their order across threads. The
   * queue is not bounded here: {@code WebSocketTransport} bounds what it hands over (one message in flight).
   */
  private static final class ConnectionWriter extends Writer {
    private final Connection<?> connection;

    ConnectionWriter(Connection<?> connection) {
      this.connection = connection;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> handler) {
      if (!connection.isOpen()) {
        if (handler != null) handler.failed(new IOException("connection closed"));
        return;
      }
      Buffer message = Buffers.wrap(connection.getMemoryManager(), buffer);
      ((Connection) connection).write(message, new EmptyCompletionHandler<WriteResult>() {
        @Override
        public void completed(WriteResult result) {
          if (handler != null) handler.completed(buffer);
        }

        @Override
        public void failed(Throwable t) {
          if (handler != null) handler.failed(t);
        }

        @Override
        public void cancelled() {
          if (handler != null) handler.cancelled();
        }
      });
    }

    @Override
    public void close() {
      connection.closeSilently();
    }
  }
}
