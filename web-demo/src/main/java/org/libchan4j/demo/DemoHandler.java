package org.libchan4j.demo;

import java.util.concurrent.Executor;
import org.libchan4j.ChanException;
import org.libchan4j.Receiver;
import org.libchan4j.Session;
import org.libchan4j.demo.Protocol.Event;
import org.libchan4j.demo.Protocol.Join;
import org.libchan4j.demo.Protocol.Notice;
import org.libchan4j.demo.Protocol.Post;
import org.libchan4j.demo.Protocol.Request;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.server.SessionHandler;

/**
 * Routes each client's requests: it accepts the top-level channels the client opens and hands every
 * {@link Request} to {@link Rooms}, {@link Workers} or {@link Stats}. This is the server's whole dispatch; the rest of the
 * conversation happens on the channels inside the requests.
 */
final class DemoHandler implements SessionHandler {
  private static final System.Logger LOG = System.getLogger(DemoHandler.class.getName());

  private final Rooms rooms;
  private final Workers workers;
  private final Stats stats;
  private final Executor executor;

  DemoHandler(Rooms rooms, Workers workers, Stats stats, Executor executor) {
    this.rooms = rooms;
    this.workers = workers;
    this.stats = stats;
    this.executor = executor;
  }

  @Override
  public void onSession(Session session, HandshakeInfo handshake) throws InterruptedException {
    serve(session);
  }

  /** Serves a session's top-level channels until it ends (also used over in-memory sessions in tests). */
  void serve(Session session) throws InterruptedException {
    try {
      while (true) {
        Receiver<Request> requests = session.accept(Request.class);
        executor.execute(() -> serve(requests));
      }
    } catch (ChanException e) {
      // the session ended
    }
  }

  private void serve(Receiver<Request> requests) {
    try {
      for (Request r : requests) handle(r);
    } catch (ChanException e) {
      // the session ended
    }
  }

  private void handle(Request r) {
    try {
      if (r.join() != null) {
        join(r.join());
      } else if (r.volunteer() != null) {
        workers.volunteer(r.volunteer());
      } else if (r.watch() != null && r.watch().board() != null) {
        workers.watch(r.watch().board());
      } else if (r.batch() != null) {
        workers.submit(r.batch());
      } else if (r.stats() != null && r.stats().updates() != null) {
        stats.watch(r.stats().updates());
      }
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.INFO, "refused a request: {0}", e.getMessage());
      if (r.batch() != null && r.batch().result() != null) r.batch().result().close();
    }
  }

  private void join(Join join) {
    Rooms.Membership m;
    try {
      m = rooms.join(join);
    } catch (IllegalArgumentException e) {
      if (join.inbox() != null) {
        join.inbox().sendAsync(Event.of(new Notice("error", e.getMessage())));
        join.inbox().close();
      }
      return;
    }
    executor.execute(() -> {
      try {
        for (Post p : join.posts()) rooms.post(m, p);
      } catch (ChanException e) {
        // the session ended
      } finally {
        rooms.leave(m);
      }
    });
  }
}
