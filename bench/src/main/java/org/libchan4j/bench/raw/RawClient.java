package org.libchan4j.bench.raw;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.Latencies;
import org.libchan4j.bench.Scenario;

/**
 * Raw WebSocket baseline client (Tyrus, as ChanClient uses it): blocking {@code getBasicRemote().sendBinary} per
 * message; replies handed from Tyrus's thread through a queue, as a session hands them to {@code receive()}.
 */
public final class RawClient implements ClientMain.Driver {
  private final ClientManager manager;
  private final List<Session> idle = new ArrayList<>();

  private RawClient() {
    manager = ClientManager.createClient(GrizzlyClientContainer.class.getName());
    manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    manager.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, RawServer.MAX_MESSAGE + 64 * 1024 + 14);
  }

  public static void main(String[] args) {
    ClientMain.run(args, new RawClient());
  }

  /** A connection whose text and binary messages land in queues. */
  private static final class Conn extends Endpoint {
    final BlockingQueue<String> texts = new ArrayBlockingQueue<>(16);
    final BlockingQueue<byte[]> binaries = new ArrayBlockingQueue<>(16);
    volatile Session ws;

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
      ws.setMaxIdleTimeout(-1); // negative: Tyrus re-arms no idle timer per message (0 runs a no-op task per message)
      ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
      ws.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) binaries::add);
      this.ws = ws;
    }

    long end() throws Exception {
      ws.getBasicRemote().sendText("end");
      String n = texts.poll(60, TimeUnit.SECONDS);
      if (n == null) throw new IllegalStateException("no count from the server");
      return Long.parseLong(n);
    }
  }

  private Conn connect(String url) throws Exception {
    Conn c = new Conn();
    manager.connectToServer(c, ClientEndpointConfig.Builder.create().build(), URI.create(url));
    return c;
  }

  @Override
  public void run(Scenario s, ClientArgs a) throws Exception {
    Conn c = connect(a.url());
    try {
      switch (s) {
        case ONEWAY_32, ONEWAY_1K -> {
          oneway(c, s.payloadBytes(), a.warmMillis(), "oneway");
          Emit.result(s.id(), oneway(c, s.payloadBytes(), a.measureMillis(), "oneway"), s.unit());
        }
        case BYTES -> {
          oneway(c, 64 * 1024, a.warmMillis(), "bytes");
          Emit.result(s.id(), oneway(c, 64 * 1024, a.measureMillis(), "bytes") / 1e6, s.unit());
        }
        case REQREP -> {
          echo(c, a.warmMillis(), new Latencies());
          Latencies lat = new Latencies();
          Emit.result(s.id(), echo(c, a.measureMillis(), lat), s.unit());
          Emit.result(Scenario.REQREP_P50, lat.percentileMicros(50), Scenario.LATENCY_UNIT);
          Emit.result(Scenario.REQREP_P99, lat.percentileMicros(99), Scenario.LATENCY_UNIT);
        }
        default -> throw new IllegalArgumentException("raw WebSocket has no " + s.id());
      }
    } finally {
      c.ws.close();
    }
  }

  /** Messages per second (mode oneway) or bytes per second (mode bytes) the server counted. */
  private static double oneway(Conn c, int size, long millis, String mode) throws Exception {
    RemoteEndpoint.Basic remote = c.ws.getBasicRemote();
    remote.sendText(mode);
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 7);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long sent = 0;
    do {
      for (int i = 0; i < 64; i++) remote.sendBinary(ByteBuffer.wrap(payload));
      sent += 64;
    } while (System.nanoTime() < deadline);
    long n = c.end();
    long expected = mode.equals("bytes") ? sent * size : sent;
    if (n != expected) throw new IllegalStateException("server counted " + n + ", sent " + expected);
    return ClientMain.perSecond(n, System.nanoTime() - t0);
  }

  private static double echo(Conn c, long millis, Latencies lat) throws Exception {
    RemoteEndpoint.Basic remote = c.ws.getBasicRemote();
    remote.sendText("echo");
    byte[] payload = new byte[32];
    Arrays.fill(payload, (byte) 7);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long n = 0;
    for (long now = t0; now < deadline; n++) {
      remote.sendBinary(ByteBuffer.wrap(payload));
      if (c.binaries.take().length != 32) throw new IllegalStateException("bad echo");
      long t = System.nanoTime();
      lat.add(t - now);
      now = t;
    }
    long elapsed = System.nanoTime() - t0;
    c.end();
    return ClientMain.perSecond(n, elapsed);
  }

  @Override
  public void openIdle(ClientArgs a, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Conn>> opened = new ArrayList<>();
      for (int i = 0; i < n; i++) opened.add(pool.submit(() -> connect(a.url())));
      for (Future<Conn> f : opened) idle.add(f.get().ws);
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public void closeIdle() throws Exception {
    for (Session s : idle) s.close();
    idle.clear();
  }
}
