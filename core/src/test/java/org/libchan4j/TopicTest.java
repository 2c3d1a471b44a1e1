package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.testing.GatedTransport;
import org.libchan4j.testing.Hex;
import org.libchan4j.testing.LockCheckingTransport;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.SessionPairs;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * A room of subscribers, each its own session (a browser tab), one of which never reads: it cannot stall the room.
 * The fast ones receive every message in order while the slow one's waiting messages stay within maxQueued under
 * each {@link Topic.Overflow} policy; what it finally receives shows exactly what waited for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopicTest extends SessionPairs {
  static final int FAST = 19;
  static final int CAPACITY = 4;
  static final int MAX_QUEUED = 16;
  /** Messages published per round; the publisher then waits for the fast subscribers to have them all. */
  static final int ROUND = 8;
  static final int MESSAGES = 3000;
  static final int MARKER = 1_000_000;

  public record Line(int seq, String text) {}

  /** One subscriber: the server (publishing) side writes a channel its client reads. */
  record Member(Session server, Session client, Sender<Line> out, Receiver<Line> in) {}

  private SessionOptions.Mode mode = SessionOptions.Mode.EXTENDED;
  /** The limits of the next {@link #connect()}'s server (publishing) side. */
  private Limits serverLimits = Limits.defaults();
  private final List<LockCheckingTransport> lockChecked = new ArrayList<>();
  /** How the next {@link #connect()} wraps the server's transport: by default, checking its session's locking. */
  private UnaryOperator<Transport> serverTransport = t -> {
    LockCheckingTransport checked = new LockCheckingTransport(t);
    lockChecked.add(checked);
    return checked;
  };

  @Override
  protected SessionOptions.Mode mode() {
    return mode;
  }

  @Override
  protected SessionOptions options(Session.Role role) {
    return SessionOptions.builder(role).mode(mode).channelCapacity(CAPACITY)
        .limits(role == Session.Role.SERVER ? serverLimits : Limits.defaults()).build();
  }

  @Override
  protected RawConnection connectRaw() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session server = Session.open(serverTransport.apply(t[1]), options(Session.Role.SERVER));
    return new RawConnection(t[0], server, null);
  }

  /** Publishing calls nothing of a session's transport, and completes nothing, under the session's lock. */
  @Override
  protected void afterEachTest() {
    List<String> violations = new ArrayList<>();
    for (LockCheckingTransport c : lockChecked) violations.addAll(c.violations());
    assertEquals(List.of(), violations, "transport calls under a session lock");
  }

  /** A subscriber over a new session pair. */
  Member member(boolean takeHello) throws Exception {
    return member(connect(), takeHello);
  }

  /** A subscriber's channel, its first message (which lets the client accept it) taken by the client if asked. */
  static Member member(Session[] s, boolean takeHello) throws Exception {
    Sender<Line> out = s[1].newSender(Line.class);
    out.send(new Line(-1, "hello"));
    Receiver<Line> in = s[0].accept(Line.class);
    if (takeHello) assertEquals(-1, in.receive().seq());
    return new Member(s[1], s[0], out, in);
  }

  /** Reads {@code n} messages on its own thread, releasing one permit of {@code progress} for each. */
  static CompletableFuture<List<Integer>> reader(Receiver<Line> in, int n, Semaphore progress) {
    return CompletableFuture.supplyAsync(() -> {
      List<Integer> got = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          got.add(in.receive().seq());
          progress.release();
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return got;
    }, r -> new Thread(r, "reader").start());
  }

  static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i < to; i++) l.add(i);
    return l;
  }

  @ParameterizedTest
  @EnumSource(Topic.Overflow.class)
  void aSlowSubscriberCannotStallTheRoom(Topic.Overflow policy) throws Exception {
    Topic<Line> room = Topic.builder(Line.class).maxQueued(MAX_QUEUED).overflow(policy).build();
    Semaphore progress = new Semaphore(0);
    List<CompletableFuture<List<Integer>>> fast = new ArrayList<>();
    for (int i = 0; i < FAST; i++) {
      Member m = member(true);
      room.subscribe(m.out());
      fast.add(reader(m.in(), MESSAGES + 1, progress));
    }
    Member slow = member(false); // never reads while the room talks, not even its first message
    Topic.Subscription s = room.subscribe(slow.out());

    int failedAt = -1;
    for (int i = 0; i < MESSAGES; i++) {
      int queued = room.publish(new Line(i, "line " + i));
      if (failedAt < 0 && !s.isActive()) failedAt = i;
      boolean slowQueued = policy == Topic.Overflow.DROP_OLDEST || i < CAPACITY - 1 + MAX_QUEUED;
      assertEquals(slowQueued ? FAST + 1 : FAST, queued, "subscribers message " + i + " was queued for");
      long waiting = (failedAt < 0 ? i + 1 : failedAt + 1) - s.delivered() - s.dropped();
      assertTrue(waiting >= 0 && waiting <= MAX_QUEUED, "the slow one has " + waiting + " waiting after " + i);
      if (i % ROUND == ROUND - 1 || i == MESSAGES - 1) {
        int permits = FAST * (i % ROUND + 1);
        assertTrue(progress.tryAcquire(permits, 30, TimeUnit.SECONDS), "the fast subscribers keep up");
      }
    }
    // Every publish returned, with the slow one having read nothing. Its channel holds what its capacity allows
    // (CAPACITY - 1 beside the first message) and, unless it failed, exactly MAX_QUEUED wait for room.
    long delivered = s.delivered();
    assertEquals(CAPACITY - 1, delivered);
    Receiver<Line> in = slow.in();
    assertEquals(-1, in.receive(Duration.ofSeconds(20)).seq());
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < delivered; i++) got.add(in.receive(Duration.ofSeconds(20)).seq());
    assertEquals(range(0, CAPACITY - 1), got, "the first ones, sent within its capacity");
    got.clear();
    switch (policy) {
      case DROP_NEWEST:
        assertEquals(MESSAGES - delivered - MAX_QUEUED, s.dropped());
        for (int i = 0; i < MAX_QUEUED; i++) got.add(in.receive(Duration.ofSeconds(20)).seq());
        assertEquals(range(CAPACITY - 1, CAPACITY - 1 + MAX_QUEUED), got, "the oldest waited; the rest was dropped");
        break;
      case DROP_OLDEST:
        assertEquals(MESSAGES - delivered - MAX_QUEUED, s.dropped());
        for (int i = 0; i < MAX_QUEUED; i++) got.add(in.receive(Duration.ofSeconds(20)).seq());
        assertEquals(range(MESSAGES - MAX_QUEUED, MESSAGES), got, "it ends with the newest");
        break;
      case FAIL:
        assertEquals(CAPACITY - 1 + MAX_QUEUED, failedAt, "failed at the first message that found it full");
        assertEquals(failedAt + 1, s.delivered() + s.dropped(), "every message while subscribed is counted once");
        ChannelFailedException e = assertThrows(ChannelFailedException.class, () -> in.receive(Duration.ofSeconds(20)));
        assertEquals(Topic.FELL_BEHIND, e.code());
        assertTrue(e.getMessage().contains("fell behind"), e.getMessage());
        break;
    }
    assertEquals(policy != Topic.Overflow.FAIL, s.isActive());
    assertEquals(policy == Topic.Overflow.FAIL ? FAST : FAST + 1, room.subscribers());

    // Nothing else waited for it: a message published now is the next it gets.
    room.publish(new Line(MARKER, "marker"));
    if (policy != Topic.Overflow.FAIL) assertEquals(MARKER, in.receive(Duration.ofSeconds(20)).seq());
    List<Integer> all = range(0, MESSAGES);
    all.add(MARKER);
    for (CompletableFuture<List<Integer>> f : fast) assertEquals(all, f.get(30, TimeUnit.SECONDS));
    room.close();
  }

  /**
   * The jschan-compatible mode has no flow control: a subscriber's sends wait only while its session's transport
   * is over its high-water mark. They are on their way already (queued for the transport) and cannot be called
   * back, so DROP_OLDEST drops the newest instead, FAIL leaves them to arrive before the end (compat has no error
   * frame), and the bound holds in every case.
   */
  @ParameterizedTest
  @EnumSource(Topic.Overflow.class)
  void compatModeBoundsWhatWaitsForTheTransport(Topic.Overflow policy) throws Exception {
    mode = SessionOptions.Mode.COMPAT;
    int max = 8;
    int n = 200;
    Topic<Line> room = Topic.builder(Line.class).maxQueued(max).overflow(policy).build();
    Member fast = member(true);
    room.subscribe(fast.out());
    GatedTransport[] gate = new GatedTransport[1];
    serverTransport = t -> gate[0] = new GatedTransport((InMemoryTransport) t);
    Session[] pair = connect();
    gate[0].release(); // for its first message
    Member slow = member(pair, false);
    gate[0].hold();
    Topic.Subscription s = room.subscribe(slow.out());
    CompletableFuture<List<Integer>> fastGot = reader(fast.in(), n + 1, new Semaphore(0));
    for (int i = 0; i < n; i++) room.publish(new Line(i, "a line of some forty bytes, number " + i));

    long d = s.delivered();
    assertTrue(d > 0 && d < n - max, "the first ones completed under the high-water mark: " + d);
    assertEquals(policy == Topic.Overflow.FAIL ? 1 : n - d - max, s.dropped(), "exactly " + max + " wait");
    assertEquals(policy != Topic.Overflow.FAIL, s.isActive());
    gate[0].release();
    Receiver<Line> in = slow.in();
    assertEquals(-1, in.receive(Duration.ofSeconds(20)).seq());
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < d + max; i++) got.add(in.receive(Duration.ofSeconds(20)).seq());
    assertEquals(range(0, (int) d + max), got);
    room.publish(new Line(MARKER, "marker"));
    if (policy == Topic.Overflow.FAIL) {
      assertNull(in.receive(Duration.ofSeconds(20)), "compat has no error frame: the channel ends");
    } else {
      assertEquals(MARKER, in.receive(Duration.ofSeconds(20)).seq(), "nothing else waited for it");
    }
    List<Integer> all = range(0, n);
    all.add(MARKER);
    assertEquals(all, fastGot.get(30, TimeUnit.SECONDS));
    room.close();
  }

  // ------------------------------------------------------------------ what a topic promises besides the bound

  /** Records the frames a session hands its transport. */
  static final class Recording implements Transport {
    private final Transport inner;
    final List<String> frames = Collections.synchronizedList(new ArrayList<>());

    Recording(Transport inner) {
      this.inner = inner;
    }

    @Override public void start(TransportListener listener) { inner.start(listener); }
    @Override public void send(byte[] frame) { frames.add(Hex.encode(frame)); inner.send(frame); }
    @Override public void flush() { inner.flush(); }
    @Override public void scheduleFlush() { inner.scheduleFlush(); }
    @Override public boolean isWritable() { return inner.isWritable(); }
    @Override public void close(int code, String reason) { inner.close(code, reason); }
    @Override public void abort(int code, String reason) { inner.abort(code, reason); }
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aPublishPutsOnTheWireWhatASendWould(SessionOptions.Mode m) throws Exception {
    mode = m;
    Line line = new Line(-32, "\u00e9t\u00e9 " + "x".repeat(40)); // -32: the jschan profile's own encoding
    List<List<String>> wires = new ArrayList<>();
    for (boolean published : new boolean[] {true, false}) {
      Recording[] wire = new Recording[1];
      serverTransport = t -> wire[0] = new Recording(t);
      Member member = member(true);
      if (published) {
        Topic<Line> room = Topic.create(Line.class);
        room.subscribe(member.out());
        assertEquals(1, room.publish(line));
      } else {
        member.out().sendAsync(line);
      }
      assertEquals(line, member.in().receive(Duration.ofSeconds(20)));
      wires.add(List.copyOf(wire[0].frames));
    }
    assertEquals(wires.get(1), wires.get(0), "the frames of a session that published and of one that sent");
    assertTrue(wires.get(0).get(wires.get(0).size() - 1).contains("a3 73 65 71 d0 e0"), wires.get(0).toString());
  }

  @Test
  void aMessageIsSerialisedOnceWhateverTheNumberOfSubscribers() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    TypeAdapter<Line> counting = new TypeAdapter<>() {
      @Override public void write(JsonWriter out, Line v) throws IOException {
        writes.incrementAndGet();
        out.beginObject().name("seq").value(v.seq()).name("text").value(v.text()).endObject();
      }

      @Override public Line read(JsonReader in) {
        throw new UnsupportedOperationException("a topic only writes");
      }
    };
    Topic<Line> room = Topic.builder(Line.class).gson(new GsonBuilder().registerTypeAdapter(Line.class, counting))
        .build();
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      members.add(member(true));
      room.subscribe(members.get(i).out());
    }
    Pipe<Line> local = Pipe.buffered(10);
    room.subscribe(local.sender());
    List<Line> published = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      published.add(new Line(i, "line " + i));
      assertEquals(7, room.publish(published.get(i)));
    }
    assertEquals(10, writes.get(), "one serialisation per publish, not one per subscriber");
    for (Member m : members) {
      for (int i = 0; i < 10; i++) assertEquals(published.get(i), m.in().receive(Duration.ofSeconds(20)));
    }
    for (int i = 0; i < 10; i++) {
      assertSame(published.get(i), local.receiver().receive(Duration.ZERO), "a pipe gets the object itself");
    }
    room.close();
  }

  @Test
  void everySubscriberSeesTheSameOrderOfConcurrentPublishes() throws Exception {
    int threads = 4;
    int each = 500;
    int total = threads * each;
    Topic<Line> room = Topic.builder(Line.class).maxQueued(total).build();
    List<CompletableFuture<List<Integer>>> got = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Member m = member(true);
      room.subscribe(m.out());
      got.add(reader(m.in(), total, new Semaphore(0)));
    }
    for (int i = 0; i < 2; i++) {
      Pipe<Line> p = Pipe.buffered(total);
      room.subscribe(p.sender());
      got.add(reader(p.receiver(), total, new Semaphore(0)));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * each;
      publishers.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        for (int k = first; k < first + each; k++) assertEquals(5, room.publish(new Line(k, "")));
      }, r -> new Thread(r, "publisher").start()));
    }
    start.countDown();
    for (CompletableFuture<Void> f : publishers) f.get(60, TimeUnit.SECONDS);
    List<Integer> order = got.get(0).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<List<Integer>> f : got) assertEquals(order, f.get(60, TimeUnit.SECONDS), "one order");
    for (int t = 0; t < threads; t++) {
      int first = t * each;
      List<Integer> own = new ArrayList<>();
      for (int v : order) if (v >= first && v < first + each) own.add(v);
      assertEquals(range(first, first + each), own, "each thread's messages in its order");
    }
    room.close();
  }

  public record Note(String text, Sender<String> reply, List<Object> items) {}

  @Test
  void aMessageCarryingAChannelIsRefusedAndNothingIsSent() throws Exception {
    Topic<Note> room = Topic.create(Note.class);
    Session[] s = connect();
    Sender<Note> out = s[1].newSender(Note.class);
    out.send(new Note("hello", null, null));
    Receiver<Note> in = s[0].accept(Note.class);
    assertEquals("hello", in.receive().text());
    room.subscribe(out);
    Pipe<Note> local = Pipe.buffered(4);
    room.subscribe(local.sender());

    IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
        () -> room.publish(new Note("x", Pipe.<String>create().sender(), null)));
    assertTrue(top.getMessage().contains("carries a channel or stream at $.reply"), top.getMessage());
    IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
        () -> room.publish(new Note("x", null, List.of("a", Map.of("feed", Pipe.create().receiver())))));
    assertTrue(nested.getMessage().contains("at $.items[1].feed"), nested.getMessage());

    assertEquals(2, room.publish(new Note("after", null, List.of(1L))));
    assertEquals("after", in.receive(Duration.ofSeconds(20)).text(), "nothing of the refused ones was sent");
    assertEquals("after", local.receiver().receive(Duration.ZERO).text());
    room.close();
  }

  @Test
  void aSubscriberWhoseChannelOrSessionEndsIsUnsubscribed() throws Exception {
    Topic<Line> room = Topic.create(Line.class);
    Member stays = member(true);
    Member cancels = member(true);
    Member closesHere = member(true);
    Member tabCloses = member(true);
    room.subscribe(stays.out());
    Topic.Subscription cancelled = room.subscribe(cancels.out());
    Topic.Subscription closedHere = room.subscribe(closesHere.out());
    Topic.Subscription tabClosed = room.subscribe(tabCloses.out());

    // The publishing side's session ends: its channels end as close() returns, and so do their subscriptions.
    closesHere.server().close();
    assertFalse(closedHere.isActive());
    assertEquals(3, room.subscribers());

    // The receiver cancels, the peer's session ends: the channels end on the transport's threads. The next
    // publish finds them ended (or fails its sends to them), and unsubscribes them; it does not throw.
    cancels.in().close();
    tabCloses.client().close();
    assertThrows(ExecutionException.class, () -> cancels.out().closeFuture().get(20, TimeUnit.SECONDS));
    assertThrows(ExecutionException.class, () -> tabCloses.out().closeFuture().get(20, TimeUnit.SECONDS));
    room.publish(new Line(1, "one"));
    assertFalse(cancelled.isActive());
    assertFalse(tabClosed.isActive());
    assertEquals(1, room.subscribers());
    assertEquals(1, room.publish(new Line(2, "two")));
    assertEquals(1, stays.in().receive(Duration.ofSeconds(20)).seq());
    assertEquals(2, stays.in().receive(Duration.ofSeconds(20)).seq());
    room.close();
  }

  @Test
  void membersLeavingInAnyOrderLeaveExactlyTheOthersSubscribed() throws Exception {
    Topic<Line> room = Topic.create(Line.class);
    int n = 300;
    List<Pipe<Line>> pipes = new ArrayList<>();
    List<Topic.Subscription> subs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Pipe<Line> p = Pipe.buffered(4);
      pipes.add(p);
      subs.add(room.subscribe(p.sender()));
    }
    // Leaves from the front, the back and the middle, one twice: the others' slots move, nobody is lost or doubled.
    List<Integer> leaving = new ArrayList<>();
    for (int i = 0; i < n; i += 3) leaving.add(i);
    leaving.add(n - 1);
    Collections.shuffle(leaving, new java.util.Random(7));
    for (int i : leaving) subs.get(i).close();
    subs.get(leaving.get(0)).close();
    int stay = n - leaving.size();
    assertEquals(stay, room.subscribers());
    assertEquals(stay, room.publish(new Line(1, "after")));
    for (int i = 0; i < n; i++) {
      if (!leaving.contains(i)) assertEquals(1, pipes.get(i).receiver().receive(Duration.ofSeconds(20)).seq());
    }
    for (int i : leaving) {
      Receiver<Line> gone = pipes.get(i).receiver();
      assertThrows(ChanTimeoutException.class, () -> gone.receive(Duration.ZERO), "member " + i + " left");
    }
    Pipe<Line> late = Pipe.buffered(4);
    room.subscribe(late.sender());
    assertEquals(stay + 1, room.publish(new Line(2, "late")));
    assertEquals(2, late.receiver().receive(Duration.ofSeconds(20)).seq());
    room.close();
    assertEquals(0, room.subscribers());
  }

  @Test
  void unsubscribingCallsBackWhatWaitsAndLeavesTheChannelOpen() throws Exception {
    Topic<Line> room = Topic.builder(Line.class).maxQueued(8).overflow(Topic.Overflow.DROP_NEWEST).build();
    Member slow = member(false);
    Topic.Subscription s = room.subscribe(slow.out());
    for (int i = 0; i < 20; i++) room.publish(new Line(i, ""));
    int sent = CAPACITY - 1; // beside its first message
    assertEquals(sent, s.delivered());
    s.close();
    assertFalse(s.isActive());
    assertEquals(20 - sent, s.dropped(), "the 8 that waited were called back");
    assertEquals(0, room.publish(new Line(20, "")));
    CompletableFuture<Void> direct = slow.out().sendAsync(new Line(99, "direct"));
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i <= sent + 1; i++) got.add(slow.in().receive(Duration.ofSeconds(20)).seq());
    List<Integer> expected = range(-1, sent);
    expected.add(99);
    assertEquals(expected, got, "what waited never reached the wire; the channel is still open");
    direct.get(20, TimeUnit.SECONDS);
    room.close();
  }

  @Test
  void aMessageTooBigForOneSessionIsDroppedForItAlone() throws Exception {
    Topic<Line> room = Topic.create(Line.class);
    Member roomy = member(true);
    serverLimits = Limits.defaults().withMaxMessageBytes(64);
    Member strict = member(true);
    room.subscribe(roomy.out());
    Topic.Subscription s = room.subscribe(strict.out());
    String big = "x".repeat(100);
    assertEquals(2, room.publish(new Line(1, big)), "queued for both; the publisher hears nothing of the failure");
    assertEquals(1, s.dropped(), "its session's maxMessageBytes refused it");
    assertTrue(s.isActive(), "the channel is fine: it stays subscribed");
    assertEquals(2, room.publish(new Line(2, "small")));
    assertEquals(big, roomy.in().receive(Duration.ofSeconds(20)).text());
    assertEquals(2, roomy.in().receive(Duration.ofSeconds(20)).seq());
    assertEquals(2, strict.in().receive(Duration.ofSeconds(20)).seq());
    room.close();
  }

  @Test
  void aClosedTopicRefusesPublishAndSubscribeButLeavesTheChannelsOpen() throws Exception {
    Topic<Line> room = Topic.create(Line.class);
    Member m = member(true);
    Topic.Subscription s = room.subscribe(m.out());
    room.close();
    room.close();
    assertFalse(s.isActive());
    assertEquals(0, room.subscribers());
    assertThrows(IllegalStateException.class, () -> room.publish(new Line(1, "")));
    assertThrows(IllegalStateException.class, () -> room.subscribe(Pipe.<Line>create().sender()));
    m.out().send(new Line(7, "still open"));
    assertEquals(7, m.in().receive(Duration.ofSeconds(20)).seq());
  }
}
