package org.libchan4j.bench.rsocket;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import io.rsocket.util.DefaultPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.libchan4j.bench.ServerMain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * RSocket-java over WebSocket (reactor-netty), default settings except the frame size (as libchan4j's 16 MiB).
 * fire-and-forget is counted; request-response echoes, or with the data {@code count} answers and resets the
 * fire-and-forget count; request-channel sums the bytes it receives (demanding 64 payloads at a time) and answers
 * once at the end.
 */
public final class RSocketBenchServer {
  /** RSocket's largest frame (24-bit length), about libchan4j's 16 MiB. */
  static final int MAX_FRAME = 0xFFFFFF;
  static final String COUNT = "count";
  /** Payloads of 64 KiB in flight on a request-channel: 4 MiB, between extended mode's 256 KiB and compat's 8 MiB. */
  static final int CHANNEL_WINDOW = 64;

  private RSocketBenchServer() {}

  public static void main(String[] args) {
    CloseableChannel server = RSocketServer.create(SocketAcceptor.with(new Handler()))
        .bind(WebsocketServerTransport.create("127.0.0.1", 0)
            .webSocketSpec(b -> b.maxFramePayloadLength(MAX_FRAME)))
        .block();
    ServerMain.serve("ws://127.0.0.1:" + server.address().getPort() + "/", server::dispose);
  }

  /** One handler serves every connection; the count is per connection in practice (one client at a time). */
  private static final class Handler implements RSocket {
    private long fired;

    @Override
    public Mono<Void> fireAndForget(Payload p) {
      synchronized (this) {
        fired++;
      }
      p.release();
      return Mono.empty();
    }

    @Override
    public Mono<Payload> requestResponse(Payload p) {
      ByteBuffer data = p.getData();
      if (data.remaining() == COUNT.length() && COUNT.equals(p.getDataUtf8())) {
        p.release();
        long n;
        synchronized (this) {
          n = fired;
          fired = 0;
        }
        return Mono.just(DefaultPayload.create(Long.toString(n)));
      }
      byte[] echo = new byte[data.remaining()];
      data.get(echo);
      p.release();
      return Mono.just(DefaultPayload.create(echo));
    }

    /**
     * Demands {@link #CHANNEL_WINDOW} payloads at a time (RSocket's own flow control, REQUEST_N): with the unbounded
     * demand of a bare reduce, the client's generator fills its send queue as fast as it can and exhausts its heap.
     */
    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
      return Flux.from(payloads)
          .limitRate(CHANNEL_WINDOW)
          .reduce(0L, (sum, p) -> {
            long n = sum + p.getData().remaining();
            p.release();
            return n;
          })
          .map(n -> DefaultPayload.create(Long.toString(n).getBytes(StandardCharsets.UTF_8)))
          .flux();
    }
  }
}
