package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.Topic;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * A room over real WebSocket sessions in both modes: every client decodes the bytes encoded once for all of them,
 * in order; in the extended mode a client that reads nothing is held to the bound and ends with the newest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicOverWebSocketTest {
  static final int MESSAGES = 300;
  static final int MAX_QUEUED = 8;
  static final int ROUND = 4;

  public record Line(int seq, String text) {}

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aRoomOfWebSocketClients(SessionOptions.Mode mode) throws Exception {
    Topic<Line> room = Topic.builder(Line.class).maxQueued(MAX_QUEUED).overflow(Topic.Overflow.DROP_OLDEST).build();
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      Sender<Line> inbox = session.newSender(Line.class);
      room.subscribe(inbox);
      inbox.send(new Line(-1, "welcome")); // the client accepts the channel with it: by then it is subscribed
    }).build()).build().start();
    List<Session> clients = new ArrayList<>();
    try {
      List<Receiver<Line>> fast = new ArrayList<>();
      for (int i = 0; i < 3; i++) fast.add(join(server, mode, 16, true, clients));
      Receiver<Line> slow = join(server, mode, 2, false, clients); // not even the welcome: no credit goes back
      Semaphore progress = new Semaphore(0);
      List<CompletableFuture<List<Integer>>> got = new ArrayList<>();
      for (Receiver<Line> in : fast) got.add(CompletableFuture.supplyAsync(() -> read(in, MESSAGES, progress)));

      // In rounds the fast clients keep up with (a burst beyond their bound would be dropped for them too).
      for (int i = 0; i < MESSAGES; i++) {
        room.publish(new Line(i, "line " + i + " \u00e9"));
        if (i % ROUND == ROUND - 1) assertTrue(progress.tryAcquire(3 * ROUND, 20, TimeUnit.SECONDS));
      }

      List<Integer> all = range(0, MESSAGES);
      for (CompletableFuture<List<Integer>> f : got) assertEquals(all, f.get(30, TimeUnit.SECONDS));
      // Extended mode: capacity 2 holds the welcome and line 0, then the newest MAX_QUEUED waited. Compat mode has
      // no flow control: the client's session buffered everything.
      List<Integer> expected = mode == SessionOptions.Mode.EXTENDED ? range(-1, 1) : range(-1, MESSAGES);
      if (mode == SessionOptions.Mode.EXTENDED) expected.addAll(range(MESSAGES - MAX_QUEUED, MESSAGES));
      assertEquals(expected, read(slow, expected.size(), new Semaphore(0)));
      room.publish(new Line(MESSAGES, "marker"));
      assertEquals(MESSAGES, slow.receive(Duration.ofSeconds(20)).seq(), "nothing else waited for it");
    } finally {
      room.close();
      clients.forEach(Session::close);
      server.shutdown(Duration.ofSeconds(10));
    }
  }

  /** A client in the room: its inbox, past the welcome if asked. */
  private static Receiver<Line> join(ChanServer server, SessionOptions.Mode mode, int capacity, boolean welcome,
      List<Session> clients) throws Exception {
    Session c = ChanClient.connect(server.uri(), ClientOptions.builder().mode(mode).channelCapacity(capacity).build());
    clients.add(c);
    Receiver<Line> in = c.accept(Line.class, Duration.ofSeconds(20));
    if (welcome) assertEquals(-1, in.receive(Duration.ofSeconds(20)).seq());
    return in;
  }

  private static List<Integer> read(Receiver<Line> in, int n, Semaphore progress) {
    List<Integer> got = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        got.add(in.receive(Duration.ofSeconds(20)).seq());
        progress.release();
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return got;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i < to; i++) l.add(i);
    return l;
  }
}
