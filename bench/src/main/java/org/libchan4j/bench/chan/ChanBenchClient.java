package org.libchan4j.bench.chan;

import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.libchan4j.BytePipe;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.Latencies;
import org.libchan4j.bench.Scenario;
import org.libchan4j.bench.chan.Messages.Ctl;
import org.libchan4j.bench.chan.Messages.Done;
import org.libchan4j.bench.chan.Messages.Nest;
import org.libchan4j.bench.chan.Messages.NestReply;
import org.libchan4j.bench.chan.Messages.Req;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;

/**
 * The libchan4j benchmark client. Usage: {@code ChanBenchClient compat|extended key=value...} (see
 * {@link ClientArgs}). Connects with the public {@link ChanClient}, asking for that mode and checking the server
 * agreed. Senders rely on the library's backpressure alone (no application-level pacing). Return channels are
 * {@code Pipe.buffered(1)}: a reply channel that gets one message, as a Go program would make it, so an
 * extended-mode server never waits for the client to take its reply.
 */
public final class ChanBenchClient implements ClientMain.Driver {
  private final SessionOptions.Mode mode;
  private final List<Session> idle = new ArrayList<>();

  private ChanBenchClient(SessionOptions.Mode mode) {
    this.mode = mode;
  }

  public static void main(String[] args) {
    ClientMain.run(Arrays.copyOfRange(args, 1, args.length),
        new ChanBenchClient(SessionOptions.Mode.valueOf(args[0].toUpperCase())));
  }

  private Session connect(String url) throws Exception {
    Session s = ChanClient.connect(URI.create(url),
        ClientOptions.builder().mode(mode).limits(ChanBenchServer.LIMITS).build());
    String chosen = ChanClient.subprotocol(s);
    if (SessionOptions.Mode.ofSubprotocol(chosen) != mode) {
      s.close();
      throw new IllegalStateException("asked for " + mode + ", the server chose subprotocol " + chosen);
    }
    return s;
  }

  @Override
  public void run(Scenario s, ClientArgs a) throws Exception {
    try (Session session = connect(a.url())) {
      switch (s) {
        case ONEWAY_32, ONEWAY_1K -> {
          oneway(session, s.payloadBytes(), a.warmMillis());
          Emit.result(s.id(), oneway(session, s.payloadBytes(), a.measureMillis()), s.unit());
        }
        case REQREP -> {
          reqrep(session, "reqrep", a.warmMillis(), new Latencies());
          Latencies lat = new Latencies();
          Emit.result(s.id(), reqrep(session, "reqrep", a.measureMillis(), lat), s.unit());
          Emit.result(Scenario.REQREP_P50, lat.percentileMicros(50), Scenario.LATENCY_UNIT);
          Emit.result(Scenario.REQREP_P99, lat.percentileMicros(99), Scenario.LATENCY_UNIT);
          // The same against the server's blocking handler (the README's style): one more hand-off per request.
          reqrep(session, "reqrep-blocking", a.warmMillis() / 2, new Latencies());
          Latencies blocking = new Latencies();
          Emit.result(Scenario.REQREP_BLOCKING, reqrep(session, "reqrep-blocking", a.measureMillis(), blocking),
              s.unit());
          Emit.result(Scenario.REQREP_BLOCKING_P50, blocking.percentileMicros(50), Scenario.LATENCY_UNIT);
        }
        case NESTED -> {
          nested(session, a.warmMillis());
          Emit.result(s.id(), nested(session, a.measureMillis()), s.unit());
        }
        case BYTES -> {
          bytes(session, a.warmMillis());
          Emit.result(s.id(), bytes(session, a.measureMillis()), s.unit());
        }
        default -> throw new IllegalArgumentException(s.id());
      }
    }
  }

  /** Opens a round: its control channel, and the return channel the server's count comes back on. */
  private static Pipe<Done> start(Sender<Ctl> ctl, String op) throws InterruptedException {
    Pipe<Done> reply = Pipe.buffered(1);
    ctl.send(Ctl.of(op, reply.sender()));
    return reply;
  }

  private static long finish(Sender<Ctl> ctl, Pipe<Done> reply, long expected) throws InterruptedException {
    Done done = reply.receiver().receive();
    ctl.close();
    if (done == null || (expected >= 0 && done.n() != expected)) {
      throw new IllegalStateException("server counted " + (done == null ? "nothing" : done.n()) + ", sent "
          + expected);
    }
    return done.n();
  }

  private double oneway(Session session, int size, long millis) throws InterruptedException {
    Sender<Ctl> ctl = session.newSender(Ctl.class);
    Pipe<Done> reply = Pipe.buffered(1);
    ctl.send(new Ctl("oneway", reply.sender(), null, null, null));
    Sender<byte[]> data = session.newSender(byte[].class);
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 7);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long sent = 0;
    do {
      for (int i = 0; i < 64; i++) data.send(payload);
      sent += 64;
    } while (System.nanoTime() < deadline);
    data.close();
    long n = finish(ctl, reply, sent);
    return ClientMain.perSecond(n, System.nanoTime() - t0);
  }

  private static double reqrep(Session session, String op, long millis, Latencies lat) throws InterruptedException {
    Sender<Ctl> ctl = session.newSender(Ctl.class);
    Pipe<Done> reply = start(ctl, op);
    Sender<Req> requests = session.newSender(Req.class);
    byte[] payload = new byte[32];
    Arrays.fill(payload, (byte) 7);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long n = 0;
    for (long now = t0; now < deadline; n++) {
      Pipe<byte[]> back = Pipe.buffered(1);
      requests.send(new Req(payload, back.sender()));
      if (back.receiver().receive() == null) throw new IllegalStateException("no reply");
      long t = System.nanoTime();
      lat.add(t - now);
      now = t;
    }
    long elapsed = System.nanoTime() - t0;
    requests.close();
    finish(ctl, reply, n);
    return ClientMain.perSecond(n, elapsed);
  }

  private static double nested(Session session, long millis) throws InterruptedException {
    Sender<Ctl> ctl = session.newSender(Ctl.class);
    Pipe<Done> reply = start(ctl, "nested");
    Sender<Nest> requests = session.newSender(Nest.class);
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long n = 0;
    do {
      Pipe<NestReply> back = Pipe.buffered(1);
      requests.send(new Nest(back.sender()));
      NestReply r = back.receiver().receive();
      if (r == null || r.done().receive() != null) throw new IllegalStateException("bad nested reply " + r);
      n++;
    } while (System.nanoTime() < deadline);
    long elapsed = System.nanoTime() - t0;
    requests.close();
    finish(ctl, reply, n);
    return ClientMain.perSecond(n, elapsed);
  }

  private double bytes(Session session, long millis) throws Exception {
    Sender<Ctl> ctl = session.newSender(Ctl.class);
    BytePipe stream = BytePipe.create();
    Pipe<Done> reply = Pipe.buffered(1);
    ctl.send(new Ctl("bytes", reply.sender(), stream.remote(), null, null));
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 7);
    OutputStream out = stream.local().output();
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    long total = 0;
    do {
      out.write(chunk);
      total += chunk.length;
    } while (System.nanoTime() < deadline);
    ctl.send(new Ctl("total", null, null, total, null));
    long n = finish(ctl, reply, total);
    long elapsed = System.nanoTime() - t0;
    out.close();
    return n / 1e6 / (elapsed / 1e9);
  }

  @Override
  public void openIdle(ClientArgs a, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Session>> opened = new ArrayList<>();
      for (int i = 0; i < n; i++) opened.add(pool.submit(() -> connect(a.url())));
      for (Future<Session> f : opened) idle.add(f.get());
    } finally {
      pool.shutdown();
    }
  }

  @Override
  public void closeIdle() {
    for (Session s : idle) s.close();
    idle.clear();
  }
}
