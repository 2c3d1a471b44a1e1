package org.libchan4j.client.soak;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.libchan4j.BytePipe;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Select;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.soak.Wire.Inner;
import org.libchan4j.client.soak.Wire.Kind;
import org.libchan4j.client.soak.Wire.Num;
import org.libchan4j.client.soak.Wire.Round;

/** One soak session's client side: runs rounds of each scenario on demand, one round at a time. */
final class SoakClient {
  /** How long any single wait may take before the round counts as failed (a cut resumes in well under a second). */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  final Session session;
  private final Sender<Round> rounds;
  private final Ledger ledger;
  private final Random random;
  private long seq;

  SoakClient(Session session, Ledger ledger, long seed) {
    this.session = session;
    this.rounds = session.newSender(Round.class);
    this.ledger = ledger;
    this.random = new Random(seed);
  }

  /** Runs one round of {@code kind}; throws if the session failed or a wait ran out of patience. */
  void round(Kind kind) throws Exception {
    switch (kind) {
      case REQUEST -> {
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          Pipe<Num> reply = Pipe.create();
          int count = 1 + random.nextInt(3);
          send(Round.of(seq, kind, count).reply(reply.sender()));
          drain(reply.receiver(), count);
        }
      }
      case DOWNLOAD -> {
        Pipe<Num> stream = Pipe.create();
        int count = 50 + random.nextInt(250);
        send(Round.of(seq, kind, count).reply(stream.sender()));
        drain(stream.receiver(), count);
      }
      case UPLOAD -> {
        Pipe<Num> up = Pipe.create();
        Pipe<Num> ack = Pipe.create();
        int count = 50 + random.nextInt(250);
        send(Round.of(seq, kind, count).reply(ack.sender()).upstream(up.receiver()));
        for (int i = 0; i < count; i++) {
          up.sender().send(new Num(i), PATIENCE); // waits while the server has granted no credit
          ledger.sent.increment();
        }
        up.sender().close();
        drain(ack.receiver(), 1);
      }
      case NESTED -> {
        Pipe<Inner> inner = Pipe.create();
        int count = 2 + random.nextInt(4);
        send(Round.of(seq, kind, count).inner(inner.sender()));
        Ledger.Check outer = ledger.check();
        for (Inner m; (m = take(inner.receiver())) != null; ) {
          outer.got(m.n());
          drain(m.values(), SoakServer.NESTED_VALUES);
        }
        outer.end(count);
      }
      case BYTES -> {
        BytePipe bytes = BytePipe.create();
        Pipe<Num> ack = Pipe.create();
        int count = 16 * 1024 + random.nextInt(240 * 1024);
        long at = seq;
        send(Round.of(seq, kind, count).reply(ack.sender()).bytes(bytes.remote()));
        Random generator = new Random(at);
        byte[] chunk = new byte[8192];
        try (OutputStream out = bytes.local().output()) {
          for (int left = count; left > 0; ) {
            int n = Math.min(left, chunk.length);
            SoakServer.nextBytes(generator, chunk, n);
            out.write(chunk, 0, n);
            left -= n;
          }
        }
        ledger.bytesSent.add(count);
        drain(ack.receiver(), 1);
        bytes.local().close();
      }
      case SELECT -> selectRound();
    }
    ledger.rounds.increment();
  }

  /** Two streams taken by a select with a short, random timeout: a timed-out select must have taken nothing. */
  private void selectRound() throws Exception {
    Pipe<Num> a = Pipe.create();
    Pipe<Num> b = Pipe.create();
    int count = 20 + random.nextInt(40);
    send(Round.of(seq, Kind.SELECT, count).reply(a.sender()).other(b.sender()));
    Ledger.Check ca = ledger.check();
    Ledger.Check cb = ledger.check();
    boolean aOpen = true;
    boolean bOpen = true;
    long lastProgress = System.nanoTime();
    while (aOpen || bOpen) {
      Select<Integer> select = Select.create();
      if (aOpen) select.receive(a.receiver(), m -> took(ca, m, 1));
      if (bOpen) select.receive(b.receiver(), m -> took(cb, m, 2));
      int got = select.timeout(Duration.ofMillis(1 + random.nextInt(5)), () -> -1).select();
      if (got == -1) {
        ledger.selectTimeouts.increment();
        if (System.nanoTime() - lastProgress > PATIENCE.toNanos()) throw new TimeoutException("select starved");
        continue;
      }
      lastProgress = System.nanoTime();
      if (got == 1) aOpen = false;
      if (got == 2) bOpen = false;
    }
    ca.end(count);
    cb.end(count);
  }

  /** 0 for a message, {@code endCode} when the channel ended. */
  private static int took(Ledger.Check check, Num m, int endCode) {
    if (m == null) return endCode;
    check.got(m.n());
    return 0;
  }

  /** Ends the session's round channel, then the session (an orderly close). */
  void close() {
    rounds.close();
    session.close();
  }

  private void send(Round r) throws InterruptedException {
    rounds.send(r, PATIENCE);
    ledger.sent.increment();
    seq++;
  }

  private void drain(Receiver<Num> from, long expected) throws Exception {
    Ledger.Check check = ledger.check();
    for (Num m; (m = take(from)) != null; ) check.got(m.n());
    check.end(expected);
  }

  private static <T> T take(Receiver<T> from) throws InterruptedException {
    return from.receive(PATIENCE);
  }
}
