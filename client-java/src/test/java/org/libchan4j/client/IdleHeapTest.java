package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * What an idle session costs in heap, client and server together in this JVM, after one request/reply each. Guards
 * the big savings: neither side keeps its connection's parsed upgrade request or response (about 11 KB on each side:
 * the server's and the client's {@code UpgradedInput}), and sessions of one configuration share one Gson (about
 * 2.4 KB on each side: {@code Binder}). Measured as the growth of the heap after full collections, over many
 * sessions so that one object more or less is noise.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleHeapTest {
  static final int SESSIONS = 400;
  /**
   * Both sides of one idle session, in bytes: measured here about 26,400; about 37,700 with the client keeping its
   * upgrade response, about 50,000 with both sides keeping theirs (the server's request alone is the larger part);
   * the Gson per session cost 4,800 more before.
   */
  static final long BUDGET = 32_000;

  public record Request(String text, Sender<String> reply) {}

  @Test
  void anIdleSessionCostsLessThanItsBudget() throws Exception {
    CountDownLatch served = new CountDownLatch(SESSIONS);
    List<Receiver<Request>> accepted = new ArrayList<>();
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      // Not blocking: the server side of an idle session is the session, not a handler thread.
      session.<Request>acceptAsync(Request.class).thenAccept(requests -> {
        synchronized (accepted) {
          accepted.add(requests);
        }
        requests.receiveAsync().thenAccept(r -> {
          r.reply().sendAsync("ok").thenRun(r.reply()::close);
          served.countDown();
        });
      });
    }).build()).build().start();
    List<Session> clients = new ArrayList<>();
    try {
      // Warm-up: the classes, the runtimes' threads and the shared Gson exist before the first measurement.
      open(server, clients, 20);
      long before = heapAfterGc();
      open(server, clients, SESSIONS - 20);
      assertTrue(served.await(60, TimeUnit.SECONDS), "every session served");
      long after = heapAfterGc();
      long perSession = (after - before) / (SESSIONS - 20);
      System.out.println("idle heap per session, client and server: " + perSession + " B");
      assertTrue(perSession < BUDGET, "an idle session costs " + perSession + " B of heap, over " + BUDGET);
    } finally {
      for (Session c : clients) c.close();
      server.close();
    }
  }

  private static void open(ChanServer server, List<Session> clients, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      Session c = ChanClient.connect(server.uri());
      clients.add(c);
      Pipe<String> reply = Pipe.buffered(1);
      c.newSender(Request.class).send(new Request("hello", reply.sender()));
      reply.receiver().receive();
    }
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
