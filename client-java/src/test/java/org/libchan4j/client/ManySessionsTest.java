package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/** Many concurrent client sessions against one server, each making request/reply exchanges with fresh channels. */
class ManySessionsTest {
  static final int SESSIONS = 200;
  static final int REQUESTS = 100;

  public record Request(int n, Sender<Reply> reply) {}

  public record Reply(int n, String text) {}

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void twoHundredSessionsHundredRequestsEach() throws Exception {
    AtomicInteger served = new AtomicInteger();
    // The usual blocking server: one handler task per session on the endpoint's executor.
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      Receiver<Request> requests = session.accept(Request.class);
      for (Request r : requests) {
        // Counted before replying: once the client has seen the last reply's end, the count is complete.
        served.incrementAndGet();
        r.reply().send(new Reply(2 * r.n(), "r" + r.n()));
        r.reply().close();
      }
    }).build()).build().start();
    ExecutorService connecting = Executors.newFixedThreadPool(4);
    List<Session> sessions = new ArrayList<>();
    try {
      List<CompletableFuture<Session>> connects = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        connects.add(CompletableFuture.supplyAsync(() -> ChanClient.connect(server.uri()), connecting));
      }
      for (CompletableFuture<Session> c : connects) sessions.add(c.get(30, TimeUnit.SECONDS));

      // All sessions exchange at once without a thread each: every step is a non-blocking continuation.
      List<CompletableFuture<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        Sender<Request> requests = sessions.get(i).newSender(Request.class);
        runs.add(exchange(requests, i * 1000, 0));
      }
      for (int i = 0; i < SESSIONS; i++) {
        assertEquals(REQUESTS, runs.get(i).get(60, TimeUnit.SECONDS), "checked replies of session " + i);
      }
      assertEquals(SESSIONS * REQUESTS, served.get());
    } finally {
      connecting.shutdownNow();
      sessions.forEach(Session::close);
      server.shutdown(Duration.ofSeconds(10));
    }
  }

  /** Sends request {@code base + i} with a fresh return channel, checks the reply and the channel's end, repeats. */
  private static CompletableFuture<Integer> exchange(Sender<Request> requests, int base, int i) {
    if (i == REQUESTS) {
      requests.close();
      return CompletableFuture.completedFuture(i);
    }
    int n = base + i;
    Pipe<Reply> reply = Pipe.create();
    return requests.sendAsync(new Request(n, reply.sender()))
        .thenCompose(sent -> reply.receiver().receiveAsync())
        .thenCompose(r -> {
          assertEquals(new Reply(2 * n, "r" + n), r, "reply to request " + n);
          return reply.receiver().receiveAsync();
        })
        .thenCompose(end -> {
          assertEquals(null, end, "the server ends each return channel after its reply");
          return exchange(requests, base, i + 1);
        });
  }
}
