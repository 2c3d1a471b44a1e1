package org.libchan4j.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.libchan4j.Sender;
import org.libchan4j.Topic;
import org.libchan4j.demo.Protocol.Chat;
import org.libchan4j.demo.Protocol.Event;
import org.libchan4j.demo.Protocol.Join;
import org.libchan4j.demo.Protocol.Member;
import org.libchan4j.demo.Protocol.Notice;
import org.libchan4j.demo.Protocol.Post;
import org.libchan4j.demo.Protocol.Presence;
import org.libchan4j.demo.Protocol.Share;
import org.libchan4j.demo.Protocol.Welcome;

/**
 * Chat rooms. A member is its inbox channel: every event of the room (presence, chat, incoming files) is a message
 * written into the inboxes of the members, in one order per room. What everyone gets (presence, chat) is published
 * on the room's {@link Topic}, encoded once for all members; what one member gets (its welcome, an incoming file,
 * which carries channels of its own) is sent to its inbox directly. Both happen under the room's lock and never
 * wait: a publish has handed its event to every inbox when it returns, so a direct send follows it. A member whose
 * inbox falls {@link Topic#DEFAULT_MAX_QUEUED} events behind (a frozen tab) has it failed with
 * {@link Topic#FELL_BEHIND} and leaves the room, instead of holding the room's memory. Rooms exist while someone is
 * in them and keep their last {@link #HISTORY} lines.
 */
final class Rooms {
  static final int HISTORY = 50;
  static final int MAX_TEXT = 2000;
  private static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final int MAX_NAME = 24;

  private final Files files;
  private final LongSupplier clock;
  private final Map<String, Room> rooms = new HashMap<>(); // guarded by this
  private final AtomicLong ids = new AtomicLong();

  Rooms(Files files, LongSupplier clock) {
    this.files = files;
    this.clock = clock;
  }

  /** One member's presence in a room. */
  static final class Membership {
    final String id;
    final String name;
    final String client;
    final String clientId;
    final Sender<Event> inbox;
    final Room room;
    boolean gone; // guarded by room
    Topic.Subscription subscription; // guarded by room

    Membership(String id, String name, String client, String clientId, Sender<Event> inbox, Room room) {
      this.id = id;
      this.name = name;
      this.client = client;
      this.clientId = clientId;
      this.inbox = inbox;
      this.room = room;
    }

    Member info() {
      return new Member(id, name, client);
    }
  }

  static final class Room {
    final String name;
    final Map<String, Membership> members = new LinkedHashMap<>();
    final ArrayDeque<Chat> history = new ArrayDeque<>();
    /** What every member gets, in the room's order; its default bound and FAIL policy (see the class doc). */
    final Topic<Event> events = Topic.create(Event.class);

    Room(String name) {
      this.name = name;
    }
  }

  /**
   * Enters a room: the member gets its {@link Welcome} first, then everything that happens in the room.
   *
   * @throws IllegalArgumentException for a bad room or name, or missing channels (the message says which)
   */
  Membership join(Join join) {
    if (join.inbox() == null || join.posts() == null) {
      throw new IllegalArgumentException("a join needs an inbox and a posts channel");
    }
    String roomName = join.room() == null ? "" : join.room().strip().toLowerCase(java.util.Locale.ROOT);
    if (!ROOM.matcher(roomName).matches()) {
      throw new IllegalArgumentException("a room name is 1-32 letters, digits, '-' or '_'");
    }
    String name = join.name() == null ? "" : join.name().strip().replaceAll("\\p{Cntrl}", "");
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("a name is 1-" + MAX_NAME + " characters");
    }
    String client = "terminal".equals(join.client()) ? "terminal" : "browser";
    synchronized (this) { // then the room's lock, as in leave()
      return enter(rooms.computeIfAbsent(roomName, Room::new), name, client, join);
    }
  }

  private Membership enter(Room room, String name, String client, Join join) {
    synchronized (room) {
      Membership replaced = null;
      if (join.clientId() != null) {
        for (Membership m : room.members.values()) {
          if (join.clientId().equals(m.clientId)) replaced = m;
        }
      }
      if (replaced != null) {
        replaced.gone = true;
        room.members.remove(replaced.id);
        replaced.subscription.close();
        replaced.inbox.close();
      }
      String unique = uniqueName(room, name);
      Membership m = new Membership("m" + ids.incrementAndGet(), unique, client, join.clientId(), join.inbox(),
          room);
      room.members.put(m.id, m);
      send(m, Event.of(new Welcome(m.id, unique, room.name, List.copyOf(room.history))));
      m.subscription = room.events.subscribe(m.inbox); // after the welcome: it comes first
      // An inbox that ends (fell behind, or its session did) leaves; not on this thread, which may hold the room.
      m.inbox.closeFuture().whenCompleteAsync((v, e) -> leave(m));
      broadcast(room, Event.of(new Presence(members(room), replaced == null ? unique : null, null)));
      return m;
    }
  }

  private static String uniqueName(Room room, String name) {
    for (int n = 1; ; n++) {
      String candidate = n == 1 ? name : name + " (" + n + ")";
      boolean taken = false;
      for (Membership m : room.members.values()) taken |= m.name.equalsIgnoreCase(candidate);
      if (!taken) return candidate;
    }
  }

  /** Handles one message of a member's posts channel. */
  void post(Membership m, Post post) {
    if (post.file() != null) {
      share(m, post.file());
    } else if (post.text() != null) {
      say(m, post.text());
    }
  }

  void say(Membership m, String text) {
    String t = text.strip();
    if (t.isEmpty()) return;
    if (t.length() > MAX_TEXT) {
      send(m, Event.of(new Notice("error", "messages are at most " + MAX_TEXT + " characters")));
      return;
    }
    Room room = m.room;
    synchronized (room) {
      if (m.gone) return;
      Chat chat = new Chat(m.name, t, clock.getAsLong() / 1000);
      room.history.addLast(chat);
      if (room.history.size() > HISTORY) room.history.removeFirst();
      broadcast(room, Event.of(chat));
    }
  }

  /** Pipes a file to everyone else in the room; each of them gets an {@link Protocol.Incoming} in its inbox. */
  void share(Membership m, Share share) {
    Files.Transfer transfer;
    try {
      transfer = files.open(m.name, share);
    } catch (IllegalArgumentException e) {
      send(m, Event.of(new Notice("error", e.getMessage())));
      return;
    }
    if (share.size() < 0 || share.size() > Files.MAX_SIZE) {
      transfer.refuse("files are limited to 4 GiB");
      return;
    }
    Room room = m.room;
    synchronized (room) {
      if (!m.gone) {
        for (Membership other : room.members.values()) {
          if (other != m) send(other, Event.of(transfer.addReceiver()));
        }
      }
    }
    if (transfer.receivers() == 0) {
      transfer.refuse("nobody else is in this room to receive it");
    } else {
      transfer.start();
    }
  }

  /** The member's posts channel ended, or its session did. Idempotent. */
  void leave(Membership m) {
    Room room = m.room;
    synchronized (room) {
      if (m.gone) return;
      m.gone = true;
      room.members.remove(m.id);
      m.subscription.close(); // what still waits for a slow inbox is called back, so its end goes out now
      m.inbox.close();
      broadcast(room, Event.of(new Presence(members(room), null, m.name)));
    }
    synchronized (this) {
      synchronized (room) {
        if (room.members.isEmpty() && rooms.get(room.name) == room) {
          rooms.remove(room.name);
          room.events.close();
        }
      }
    }
  }

  /** The members of {@code room} now (for tests and the server's log). */
  List<Member> members(String room) {
    Room r;
    synchronized (this) {
      r = rooms.get(room);
    }
    if (r == null) return List.of();
    synchronized (r) {
      return members(r);
    }
  }

  private static List<Member> members(Room room) {
    List<Member> list = new ArrayList<>();
    for (Membership m : room.members.values()) list.add(m.info());
    return list;
  }

  /** Under the room's lock: to every member, encoded once; never waits. */
  private static void broadcast(Room room, Event event) {
    room.events.publish(event);
  }

  /** Never waits: a member whose session is gone is removed by its own posts loop. */
  private static void send(Membership m, Event event) {
    try {
      m.inbox.sendAsync(event);
    } catch (RuntimeException e) {
      // the channel or its session has ended: the member's posts loop will see it and leave
    }
  }
}
