package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.internal.ClientRuntime;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * Which threads do what (WebSocketIOStrategy on the server, the client runtime's selectors): the handshake, with its
 * authentication hook, runs on one of Grizzly's worker threads, so that a hook that blocks never stalls a selector;
 * WebSocket messages are decoded and delivered on the selector thread that read them, on both sides, never handed to
 * a worker. Seen through continuations attached before each message arrives: they run on the delivering thread, or
 * on a thread of the application's that is inside the session at that moment (the session completes deliveries
 * on whichever thread holds its lock), so a few requests are sent and every delivery thread is looked at. The names
 * are Grizzly's defaults for the server's pools and the client runtime's own.
 */
class DeliveryThreadsTest {
  record Req(int n, Sender<Integer> reply) {}

  private static final int REQUESTS = 20;

  @Test
  void theHandshakeRunsOnAWorkerAndMessagesAreDeliveredOnTheSelectorThatReadThem() throws Exception {
    CompletableFuture<String> authThread = new CompletableFuture<>();
    List<String> serverThreads = new CopyOnWriteArrayList<>();
    ChanEndpoint endpoint = ChanEndpoint.builder((session, info) -> {
      session.<Req>acceptAsync(Req.class).thenAccept(requests -> serve(requests, serverThreads));
    }).authenticator(handshake -> {
      authThread.complete(Thread.currentThread().getName());
      return AuthResult.allow();
    }).build();
    List<String> clientThreads = new CopyOnWriteArrayList<>();
    try (ChanServer server = ChanServer.builder(endpoint).build().start();
        Session client = ChanClient.connect(server.uri())) {
      Sender<Req> requests = client.newSender(Req.class);
      for (int i = 0; i < REQUESTS; i++) clientThreads.add(request(requests, i));
    }
    assertTrue(authThread.get(20, TimeUnit.SECONDS).startsWith("Grizzly-worker"),
        "the authenticator ran on " + authThread.get());
    // The first request opens the channel: its receive may have been taken before the handler attached.
    List<String> server = serverThreads.subList(1, serverThreads.size());
    assertEquals(REQUESTS - 1, server.size());
    assertTrue(server.stream().noneMatch(t -> t.startsWith("Grizzly-worker")), "server deliveries: " + server);
    assertTrue(server.stream().anyMatch(t -> t.startsWith("grizzly-nio-kernel")), "server deliveries: " + server);
    assertTrue(clientThreads.stream().noneMatch(t -> t.contains("worker")), "client deliveries: " + clientThreads);
    assertTrue(clientThreads.stream().anyMatch(t -> t.startsWith(ClientRuntime.THREAD_PREFIX + "-selector")),
        "client deliveries: " + clientThreads);
  }

  /** Replies to each request from the continuation of a receive attached before it came, noting the thread. */
  private static void serve(Receiver<Req> requests, List<String> threads) {
    requests.receiveAsync().thenAccept(r -> {
      if (r == null) return;
      threads.add(Thread.currentThread().getName());
      serve(requests, threads); // the next receive is pending before this reply lets the client send again
      r.reply().sendAsync(r.n() + 1);
      r.reply().close();
    });
  }

  /** Sends a request and returns the name of the thread that delivered its reply. */
  private static String request(Sender<Req> requests, int n) throws Exception {
    Pipe<Integer> back = Pipe.buffered(1);
    Receiver<Integer> replies = back.receiver();
    CompletableFuture<String> delivery = replies.receiveAsync().thenApply(v -> {
      assertEquals(n + 1, v);
      return Thread.currentThread().getName();
    });
    requests.send(new Req(n, back.sender()));
    String thread = delivery.get(20, TimeUnit.SECONDS);
    assertEquals(null, replies.receive(), "the reply channel ended after its one message");
    return thread;
  }
}
