package org.libchan4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.demo.Protocol.Request;
import org.libchan4j.demo.Protocol.ServerStats;
import org.libchan4j.demo.Protocol.WatchStats;

/** The status bar's numbers: what the endpoint's ChanMetrics counted, pushed to a watcher every period. */
class StatsTest {
  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  /** The next snapshot that {@code wanted} accepts (they come every 50 ms in the harness). */
  private static ServerStats next(Receiver<ServerStats> updates, Predicate<ServerStats> wanted) throws Exception {
    long deadline = System.nanoTime() + Harness.TIMEOUT.toNanos();
    while (true) {
      ServerStats s = Harness.next(updates, deadline);
      if (s == null) throw new AssertionError("the stats channel ended while waiting");
      if (wanted.test(s)) return s;
    }
  }

  @Test
  void aWatcherSeesTheSessionsAndTheMessagesTheServerReceivedAndSent() throws Exception {
    Harness.Client alice = h.join("lobby", "alice");
    alice.next(e -> e.welcome() != null);
    Pipe<ServerStats> updates = Pipe.buffered(16);
    alice.requests.send(Request.of(new WatchStats(updates.sender())));
    // The server received alice's two requests (join, watch): exactly two messages, one session.
    ServerStats s = next(updates.receiver(), x -> x.messagesIn() == 2);
    assertEquals(1, s.sessions());
    assertTrue(s.channels() >= 4, "request channel, inbox, posts, stats: " + s.channels());

    Harness.Client bob = h.join("lobby", "bob");
    bob.next(e -> e.welcome() != null);
    for (int i = 0; i < 3; i++) bob.say("hello " + i);
    alice.next(e -> e.chat() != null && e.chat().text().equals("hello 2"));
    // Bob's join and three posts: six messages in, two sessions; out: welcomes, presences, chats, snapshots.
    s = next(updates.receiver(), x -> x.messagesIn() == 6);
    assertEquals(2, s.sessions());
    assertTrue(s.messagesOut() >= 2 + 3 + 6, "welcomes, presences and chats went out: " + s.messagesOut());

    bob.session.close();
    s = next(updates.receiver(), x -> x.sessions() == 1);
    assertEquals(6, s.messagesIn());
    assertEquals(0, s.resumed());
  }
}
