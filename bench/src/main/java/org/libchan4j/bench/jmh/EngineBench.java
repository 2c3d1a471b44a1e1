package org.libchan4j.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Limits;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;
import org.libchan4j.internal.engine.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The sans-I/O engine's cost per frame (compat mode), without transport or binding: a client engine's output feeds a
 * server engine directly. {@code frameOut}: one message on an open channel, encoded into a frame. {@code frameIn}:
 * that frame decoded and delivered. {@code twoChannelsRoundTrip}: a message carrying two new nested channels, sent
 * and received, then both channels ended from their writing side (three frames each way in total).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBench {
  private static final ChanHandler NOOP = new ChanHandler() {
    @Override
    public void onData(Chan chan, Object data, int wireBytes) {}

    @Override
    public void onEnd(Chan chan) {}

    @Override
    public void onFailed(Chan chan, RuntimeException cause) {}
  };

  private Engine client;
  private Engine server;
  private Chan channel;
  private byte[] last;
  private byte[] frame;
  private final Map<String, Object> message = Fixtures.smallMap();
  private final List<Chan> serverRefs = new ArrayList<>();

  @Setup
  public void setup() {
    Engine.Listener listener = new Engine.Listener() {
      @Override
      public void onInboundChannel(Chan chan) {
        chan.setHandler(NOOP);
      }

      @Override
      public void onReference(Chan chan) {
        chan.setHandler(NOOP);
        serverRefs.add(chan);
      }
    };
    client = new Engine(true, Limits.defaults(), listener, m -> last = m);
    server = new Engine(false, Limits.defaults(), listener, m -> last = m);
    client.start(0);
    server.start(0);
    channel = client.openChannel(NOOP);
    client.send(channel, message); // the first frame (with parent) opens the channel on the server
    server.receive(last, 0, last.length);
    client.send(channel, message);
    frame = last;
  }

  @Benchmark
  public byte[] frameOut() {
    client.send(channel, message);
    return last;
  }

  @Benchmark
  public Engine frameIn() {
    server.receive(frame, 0, frame.length);
    return server;
  }

  @Benchmark
  public int twoChannelsRoundTrip() {
    Chan events = client.newUnbound(Chan.Kind.OUT, NOOP);
    Chan status = client.newUnbound(Chan.Kind.IN, NOOP);
    client.send(channel, Map.of("cmd", "watch", "events", events, "status", status));
    server.receive(last, 0, last.length);
    client.end(events);
    server.receive(last, 0, last.length);
    for (Chan c : serverRefs) {
      if (c.kind() == Chan.Kind.OUT) {
        server.end(c);
        client.receive(last, 0, last.length);
      }
    }
    serverRefs.clear();
    return client.openCount() + server.openCount();
  }
}
