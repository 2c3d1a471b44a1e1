package org.libchan4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.Topic;
import org.libchan4j.demo.Protocol.Event;
import org.libchan4j.demo.Protocol.Member;
import org.libchan4j.demo.Protocol.Presence;
import org.libchan4j.demo.Protocol.Welcome;

class RoomsTest {
  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  private static List<String> names(Presence p) {
    return p.members().stream().map(Member::name).toList();
  }

  @Test
  void membersSeeEachOthersPresenceAndChat() throws Exception {
    Harness.Client alice = h.join("lobby", "alice");
    Welcome w = alice.next(e -> e.welcome() != null).welcome();
    assertEquals("alice", w.name());
    assertEquals("lobby", w.room());
    assertEquals(List.of("alice"), names(alice.next(e -> e.presence() != null).presence()));

    Harness.Client bob = h.join("Lobby", "bob");
    assertEquals("bob", bob.next(e -> e.welcome() != null).welcome().name());
    assertEquals(List.of("alice", "bob"), names(bob.next(e -> e.presence() != null).presence()));
    Presence seen = alice.next(e -> e.presence() != null).presence();
    assertEquals(List.of("alice", "bob"), names(seen));
    assertEquals("bob", seen.joined());

    bob.say("  hi alice  ");
    for (Harness.Client c : List.of(alice, bob)) {
      Event e = c.next(x -> x.chat() != null);
      assertEquals("bob", e.chat().from());
      assertEquals("hi alice", e.chat().text());
    }
  }

  @Test
  void aTakenNameGetsASuffixAndAReloadedTabReplacesItself() throws Exception {
    Harness.Client tab1 = h.new Client("room1", "ada", "tab-1");
    assertEquals("ada", tab1.next(e -> e.welcome() != null).welcome().name());
    Harness.Client tab2 = h.new Client("room1", "Ada", "tab-2");
    assertEquals("Ada (2)", tab2.next(e -> e.welcome() != null).welcome().name());

    // tab 1 reloads: same clientId, new session. The old membership goes without a "left" line.
    Harness.Client reloaded = h.new Client("room1", "ada", "tab-1");
    assertEquals("ada", reloaded.next(e -> e.welcome() != null).welcome().name());
    Presence p = tab2.next(e -> e.presence() != null && e.presence().members().size() == 2
        && names(e.presence()).contains("ada") && e.presence().joined() == null).presence();
    assertEquals(List.of("Ada (2)", "ada"), names(p));
    // the replaced tab's inbox ends
    Event e;
    while ((e = Harness.next(tab1.inbox.receiver())) != null) assertNull(e.chat());
  }

  @Test
  void newcomersGetTheHistoryAndLeavingIsAnnounced() throws Exception {
    Harness.Client alice = h.join("history", "alice");
    for (int i = 1; i <= 3; i++) alice.say("line " + i);
    alice.next(e -> e.chat() != null && e.chat().text().equals("line 3"));
    Harness.Client bob = h.join("history", "bob");
    Welcome w = bob.next(e -> e.welcome() != null).welcome();
    assertEquals(List.of("line 1", "line 2", "line 3"), w.history().stream().map(Protocol.Chat::text).toList());

    bob.posts.sender().close(); // ending the posts channel leaves
    Presence left = alice.next(e -> e.presence() != null && e.presence().left() != null).presence();
    assertEquals("bob", left.left());
    assertEquals(List.of("alice"), names(left));

    Harness.Client carol = h.join("history", "carol");
    alice.next(e -> e.presence() != null && "carol".equals(e.presence().joined()));
    carol.session.close(); // so does a dropped connection
    assertEquals("carol", alice.next(e -> e.presence() != null && e.presence().left() != null).presence().left());
  }

  @Test
  void aBadJoinIsAnsweredOnTheInboxItCarried() throws Exception {
    Harness.Client c = h.join("no spaces!", "zed");
    Event e = c.next(x -> true);
    assertEquals("error", e.notice().level());
    assertEquals("a room name is 1-32 letters, digits, '-' or '_'", e.notice().text());
    assertNull(Harness.next(c.inbox.receiver()), "then the inbox ends");
  }

  @Test
  void aMemberWhoseInboxFallsBehindLeavesAndTheRoomGoesOn() throws Exception {
    try (Harness x = new Harness(SessionOptions.Mode.EXTENDED)) { // flow control: a full inbox makes sends wait
      Harness.Client frozen = x.new Client("busy", "frozen", null, 1); // a tab that stopped reading
      Harness.Client alice = x.join("busy", "alice");
      int lines = Topic.DEFAULT_MAX_QUEUED + 50;
      for (int i = 0; i < lines; i++) alice.say("line " + i);

      List<String> heard = new ArrayList<>();
      String left = null;
      while (heard.size() < lines || left == null) {
        Event e = alice.next(ev -> ev.chat() != null || (ev.presence() != null && ev.presence().left() != null));
        if (e.chat() != null) heard.add(e.chat().text());
        else left = e.presence().left();
      }
      assertEquals("frozen", left, "the member that fell behind left the room");
      assertEquals(IntStream.range(0, lines).mapToObj(i -> "line " + i).toList(), heard, "alice heard every line");
      assertEquals(List.of("alice"), x.rooms.members("busy").stream().map(Member::name).toList());

      Event e;
      ExecutionException failed = null;
      try {
        while ((e = Harness.next(frozen.inbox.receiver())) != null) assertNull(e.notice());
      } catch (ExecutionException ex) {
        failed = ex;
      }
      ChannelFailedException why = assertInstanceOf(ChannelFailedException.class, failed == null ? null
          : failed.getCause());
      assertEquals(Topic.FELL_BEHIND, why.code());
    }
  }
}
