package org.libchan4j.client.soak;

import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.soak.Wire.Inner;
import org.libchan4j.client.soak.Wire.Num;
import org.libchan4j.client.soak.Wire.Round;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.server.SessionHandler;

/** The soak's server side: one blocking handler per session serving its rounds in order. */
final class SoakServer implements SessionHandler {
  static final int NESTED_VALUES = 3;

  private final Ledger ledger;
  /** Set to make the server skip (lose) or repeat one message of a download on purpose, once. */
  final AtomicBoolean dropOne = new AtomicBoolean();
  final AtomicBoolean duplicateOne = new AtomicBoolean();

  SoakServer(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onSession(Session session, HandshakeInfo handshake) throws Exception {
    try {
      Receiver<Round> rounds = session.accept(Round.class);
      Ledger.Check seqs = ledger.check();
      for (Round r : rounds) {
        seqs.got(r.seq());
        serve(r);
      }
    } catch (Exception e) {
      ledger.errors.increment();
      throw e;
    }
  }

  private void serve(Round r) throws Exception {
    switch (r.kind()) {
      case REQUEST, DOWNLOAD -> {
        for (int i = 0; i < r.count(); i++) {
          if (i == 1 && dropOne.compareAndSet(true, false)) continue;
          send(r.reply(), i);
          if (i == 1 && duplicateOne.compareAndSet(true, false)) send(r.reply(), i);
        }
        r.reply().close();
      }
      case UPLOAD -> {
        Ledger.Check check = ledger.check();
        for (Num m : r.upstream()) check.got(m.n());
        check.end(r.count());
        ack(r.reply());
      }
      case NESTED -> {
        for (int i = 0; i < r.count(); i++) {
          Pipe<Num> values = Pipe.create();
          r.inner().send(new Inner(i, values.receiver()));
          ledger.sent.increment();
          for (int j = 0; j < NESTED_VALUES; j++) send(values.sender(), j);
          values.sender().close();
        }
        r.inner().close();
      }
      case BYTES -> {
        readBytes(r);
        ack(r.reply());
      }
      case SELECT -> {
        for (int i = 0; i < r.count(); i++) {
          send(r.reply(), i);
          send(r.other(), i);
        }
        r.reply().close();
        r.other().close();
      }
    }
  }

  /** Reads the round's byte stream to its end, comparing it with the generator the client wrote from. */
  private void readBytes(Round r) throws Exception {
    Random expected = new Random(r.seq());
    byte[] buf = new byte[8192];
    byte[] want = new byte[8192];
    long total = 0;
    boolean intact = true;
    try (InputStream in = r.bytes().input()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        nextBytes(expected, want, n);
        for (int i = 0; i < n && intact; i++) intact = buf[i] == want[i];
        total += n;
      }
    }
    r.bytes().close();
    ledger.bytesReceived.add(total);
    if (!intact || total != r.count()) ledger.corruptStreams.increment();
  }

  /** The next {@code n} bytes of the stream seeded by a round's number: chunking does not change them. */
  static void nextBytes(Random random, byte[] into, int n) {
    for (int i = 0; i < n; i++) into[i] = (byte) random.nextInt(256);
  }

  private void send(Sender<Num> to, long n) throws InterruptedException {
    to.send(new Num(n));
    ledger.sent.increment();
  }

  private void ack(Sender<Num> reply) throws InterruptedException {
    send(reply, 0);
    reply.close();
  }
}
