package org.libchan4j.bench.rsocket;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.DefaultPayload;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.Latencies;
import org.libchan4j.bench.Scenario;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * RSocket-java client: one-way is fire-and-forget (sent as fast as the reactive pipeline takes them, then a
 * request-response reads the server's count), request/reply is request-response awaited one at a time, the byte
 * stream is a request-channel of 64 KiB payloads. RSocket has no nested channels: no nested-setup.
 */
public final class RSocketBenchClient implements ClientMain.Driver {
  private final List<RSocket> idle = new ArrayList<>();

  public static void main(String[] args) {
    ClientMain.run(args, new RSocketBenchClient());
  }

  private static RSocket connect(String url) {
    return RSocketConnector.create().connect(transport(url)).block();
  }

  /**
   * A WebSocket transport on a new, unpooled connection: reactor-netty's default pool would hold back connections
   * beyond its maximum (the upgraded ones are never released), and the idle scenario opens thousands.
   */
  private static WebsocketClientTransport transport(String url) {
    URI uri = URI.create(url);
    return WebsocketClientTransport.create(HttpClient.newConnection().host(uri.getHost()).port(uri.getPort()),
        uri.getPath()).webSocketSpec(b -> b.maxFramePayloadLength(RSocketBenchServer.MAX_FRAME));
  }

  @Override
  public void run(Scenario s, ClientArgs a) throws Exception {
    RSocket rs = connect(a.url());
    try {
      switch (s) {
        case ONEWAY_32, ONEWAY_1K -> {
          fireAndForget(rs, s.payloadBytes(), a.warmMillis());
          Emit.result(s.id(), fireAndForget(rs, s.payloadBytes(), a.measureMillis()), s.unit());
        }
        case REQREP -> {
          requestResponse(rs, a.warmMillis(), new Latencies());
          Latencies lat = new Latencies();
          Emit.result(s.id(), requestResponse(rs, a.measureMillis(), lat), s.unit());
          Emit.result(Scenario.REQREP_P50, lat.percentileMicros(50), Scenario.LATENCY_UNIT);
          Emit.result(Scenario.REQREP_P99, lat.percentileMicros(99), Scenario.LATENCY_UNIT);
        }
        case BYTES -> {
          requestChannel(rs, a.warmMillis());
          Emit.result(s.id(), requestChannel(rs, a.measureMillis()), s.unit());
        }
        default -> throw new IllegalArgumentException("RSocket has no " + s.id());
      }
    } finally {
      rs.dispose();
    }
  }

  private static Flux<Payload> until(long deadline, byte[] data, AtomicLong sent) {
    return Flux.generate(sink -> {
      if (System.nanoTime() < deadline) {
        sent.incrementAndGet();
        sink.next(DefaultPayload.create(data));
      } else {
        sink.complete();
      }
    });
  }

  private static double fireAndForget(RSocket rs, int size, long millis) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 7);
    AtomicLong sent = new AtomicLong();
    long t0 = System.nanoTime();
    until(t0 + millis * 1_000_000, payload, sent).concatMap(rs::fireAndForget).then().block();
    long n = Long.parseLong(rs.requestResponse(DefaultPayload.create(RSocketBenchServer.COUNT)).block().getDataUtf8());
    if (n != sent.get()) throw new IllegalStateException("server counted " + n + ", sent " + sent.get());
    return ClientMain.perSecond(n, System.nanoTime() - t0);
  }

  private static double requestResponse(RSocket rs, long millis, Latencies lat) {
    byte[] payload = new byte[32];
    Arrays.fill(payload, (byte) 7);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long n = 0;
    for (long now = t0; now < deadline; n++) {
      Payload reply = rs.requestResponse(DefaultPayload.create(payload)).block();
      if (reply == null || reply.getData().remaining() != 32) throw new IllegalStateException("bad reply");
      reply.release();
      long t = System.nanoTime();
      lat.add(t - now);
      now = t;
    }
    return ClientMain.perSecond(n, System.nanoTime() - t0);
  }

  private static double requestChannel(RSocket rs, long millis) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 7);
    AtomicLong sent = new AtomicLong();
    long t0 = System.nanoTime();
    Payload total = rs.requestChannel(until(t0 + millis * 1_000_000, chunk, sent)).blockLast();
    long n = Long.parseLong(total.getDataUtf8());
    if (n != sent.get() * chunk.length) throw new IllegalStateException("server counted " + n + " bytes");
    return n / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  public void openIdle(ClientArgs a, int n) {
    List<reactor.core.publisher.Mono<RSocket>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) pending.add(RSocketConnector.create().connect(transport(a.url())));
    idle.addAll(Flux.fromIterable(pending).flatMap(m -> m, 16).collectList().block());
  }

  @Override
  public void closeIdle() {
    for (RSocket r : idle) r.dispose();
    idle.clear();
  }
}
