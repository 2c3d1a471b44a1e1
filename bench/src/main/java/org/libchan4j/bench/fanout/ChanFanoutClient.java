package org.libchan4j.bench.fanout;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.fanout.ChanFanoutServer.Join;
import org.libchan4j.client.ChanClient;

/**
 * A libchan4j fan-out client process: {@code url=... sessions=n rounds=r [threads=8]}. Opens {@code n} sessions
 * with {@link ChanClient}'s defaults (extended mode); each sends a {@link Join} carrying its inbox, a
 * {@code Pipe.buffered(16)} read with {@code receiveAsync} callbacks (no thread per session, as a browser tab has
 * none). Emits {@code ready}, then {@link Rounds}' events; closes everything at the end of stdin.
 */
public final class ChanFanoutClient {
  static final int INBOX_CAPACITY = 16;

  private ChanFanoutClient() {}

  public static void main(String[] argv) {
    Map<String, String> a = ClientArgs.keyValues(argv);
    URI url = URI.create(ClientArgs.require(a, "url"));
    int n = Integer.parseInt(ClientArgs.require(a, "sessions"));
    Rounds rounds = new Rounds(n, Integer.parseInt(ClientArgs.require(a, "rounds")));
    List<Session> sessions = new ArrayList<>();
    ClientMain.runWithPool(Integer.parseInt(a.getOrDefault("threads", "8")), pool -> {
      List<Future<Session>> opening = new ArrayList<>();
      for (int i = 0; i < n; i++) opening.add(pool.submit(() -> join(url, rounds)));
      for (Future<Session> f : opening) sessions.add(f.get());
      Emit.event("ready", "sessions", sessions.size());
      ClientMain.awaitStdinEnd();
      for (Session s : sessions) s.close();
    });
  }

  private static Session join(URI url, Rounds rounds) throws InterruptedException {
    Session s = ChanClient.connect(url);
    Sender<Join> room = s.newSender(Join.class);   // kept open: the room channel, as a browser keeps it
    Pipe<Tick> inbox = Pipe.buffered(INBOX_CAPACITY);
    room.send(new Join(Tick.ROOM, inbox.sender()));
    read(inbox.receiver(), rounds);
    return s;
  }

  /** Takes the next message when it arrives, on the thread that delivers it, and asks for the one after. */
  private static void read(Receiver<Tick> inbox, Rounds rounds) {
    inbox.receiveAsync().whenComplete((tick, error) -> {
      if (tick == null) return;   // the session ended
      rounds.received(tick.round());
      read(inbox, rounds);
    });
  }
}
