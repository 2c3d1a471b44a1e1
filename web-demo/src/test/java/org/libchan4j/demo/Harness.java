package org.libchan4j.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.demo.Protocol.Board;
import org.libchan4j.demo.Protocol.Event;
import org.libchan4j.demo.Protocol.Join;
import org.libchan4j.demo.Protocol.Post;
import org.libchan4j.demo.Protocol.Request;
import org.libchan4j.demo.Protocol.Watch;
import org.libchan4j.transport.InMemoryTransport;

/** The demo's server logic with clients over in-memory sessions: what the tests of Rooms, Files and Workers use. */
final class Harness implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "harness");
    t.setDaemon(true);
    return t;
  });
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final Rooms rooms = new Rooms(new Files(executor), System::currentTimeMillis);
  final Workers workers = new Workers(executor, timer, System::currentTimeMillis);
  final Stats stats = new Stats(timer, 50);
  private final DemoHandler handler = new DemoHandler(rooms, workers, stats, executor);
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final SessionOptions.Mode mode;

  /** Sessions in jschan's wire format (what a jschan peer speaks). */
  Harness() {
    this(SessionOptions.Mode.COMPAT);
  }

  /** Sessions in {@code mode}: both clients of this server negotiate the extended mode over WebSocket. */
  Harness(SessionOptions.Mode mode) {
    this.mode = mode;
  }

  /** A client session whose server side is served by the demo's handler. */
  Session connect() {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session client = Session.open(wire[0], SessionOptions.builder(Session.Role.CLIENT).mode(mode).build());
    Session server = Session.open(wire[1], SessionOptions.builder(Session.Role.SERVER).mode(mode)
        .observer(stats.observer()).build());
    sessions.add(client);
    sessions.add(server);
    executor.execute(() -> {
      try {
        handler.serve(server);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return client;
  }

  /** A client that has sent a join and reads its inbox. */
  final class Client {
    final Session session = connect();
    final Sender<Request> requests = session.newSender(Request.class);
    final Pipe<Event> inbox;
    final Pipe<Post> posts = Pipe.buffered(16);

    Client(String room, String name, String clientId) throws InterruptedException {
      this(room, name, clientId, 1000);
    }

    /** With an inbox of {@code capacity} (extended mode: the server's sends wait beyond it). */
    Client(String room, String name, String clientId, int capacity) throws InterruptedException {
      inbox = Pipe.buffered(capacity);
      requests.send(Request.of(new Join(room, name, "terminal", clientId, inbox.sender(), posts.receiver())));
    }

    /** The next event, skipping those that do not match. */
    Event next(Predicate<Event> wanted) throws Exception {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        Event e = Harness.next(inbox.receiver(), deadline);
        if (e == null) throw new AssertionError("the inbox ended while waiting");
        if (wanted.test(e)) return e;
      }
    }

    void say(String text) throws InterruptedException {
      posts.sender().send(new Post(text, null));
    }
  }

  Client join(String room, String name) throws InterruptedException {
    return new Client(room, name, null);
  }

  /** Waits for a board matching {@code wanted} on a new watch channel. */
  Board board(Predicate<Board> wanted) throws Exception {
    Session s = connect();
    Pipe<Board> boards = Pipe.buffered(1000);
    s.newSender(Request.class).send(Request.of(new Watch(boards.sender())));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Board last = null;
    try {
      while (true) {
        Board b = next(boards.receiver(), deadline);
        if (b == null) throw new AssertionError("the board channel ended; last board " + last);
        last = b;
        if (wanted.test(b)) return b;
      }
    } catch (TimeoutException e) {
      throw new AssertionError("no matching board within " + TIMEOUT + "; last board " + last, e);
    } finally {
      s.close();
    }
  }

  static <T> T next(Receiver<T> r, long deadlineNanos) throws Exception {
    return r.receiveAsync().get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  static <T> T next(Receiver<T> r) throws Exception {
    return next(r, System.nanoTime() + TIMEOUT.toNanos());
  }

  static <T> T await(CompletableFuture<T> f) throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    for (Session s : sessions) s.close();
    workers.close();
    timer.shutdownNow();
    executor.shutdownNow();
  }
}
