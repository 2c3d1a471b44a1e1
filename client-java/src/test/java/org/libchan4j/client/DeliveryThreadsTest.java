package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
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
 * a WebSocket message is decoded and delivered on the selector thread that read it, on both sides, with no hand-off
 * to a worker. Seen through continuations attached before the message arrives, which run on the delivering thread.
 * The names are Grizzly's defaults for the server's pools and the client runtime's own.
 */
class DeliveryThreadsTest {
  record Req(int n, Sender<Integer> reply) {}

  @Test
  void theHandshakeRunsOnAWorkerAndMessagesAreDeliveredOnTheSelectorThatReadThem() throws Exception {
    CompletableFuture<String> authThread = new CompletableFuture<>();
    CompletableFuture<String> serverDelivery = new CompletableFuture<>();
    ChanEndpoint endpoint = ChanEndpoint.builder((session, info) -> {
      // The first request opens the channel (and may be taken on any thread); the receive for the second is pending
      // before the client sends it, so the thread that completes it is the one that read it.
      session.<Req>acceptAsync(Req.class).thenAccept(requests -> requests.receiveAsync().thenAccept(first -> {
        requests.receiveAsync().thenAccept(second -> {
          serverDelivery.complete(Thread.currentThread().getName());
          reply(second);
        });
        reply(first);
      }));
    }).authenticator(handshake -> {
      authThread.complete(Thread.currentThread().getName());
      return AuthResult.allow();
    }).build();
    try (ChanServer server = ChanServer.builder(endpoint).build().start();
        Session client = ChanClient.connect(server.uri())) {
      Sender<Req> requests = client.newSender(Req.class);
      assertTrue(request(requests, 1).startsWith("2 on "));
      String delivered = request(requests, 41);

      assertTrue(authThread.get(20, TimeUnit.SECONDS).startsWith("Grizzly-worker"),
          "the authenticator ran on " + authThread.get());
      assertTrue(serverDelivery.get(20, TimeUnit.SECONDS).startsWith("grizzly-nio-kernel"),
          "the server delivered the request on " + serverDelivery.get());
      assertTrue(delivered.startsWith("42 on " + ClientRuntime.THREAD_PREFIX + "-selector"),
          "the client delivered the reply: " + delivered);
    }
  }

  private static void reply(Req r) {
    r.reply().sendAsync(r.n() + 1);
    r.reply().close();
  }

  /** Sends a request and returns its reply with the name of the thread that delivered it. */
  private static String request(Sender<Req> requests, int n) throws Exception {
    Pipe<Integer> back = Pipe.buffered(1);
    Receiver<Integer> replies = back.receiver();
    CompletableFuture<String> delivery = replies.receiveAsync()
        .thenApply(v -> v + " on " + Thread.currentThread().getName());
    requests.send(new Req(n, back.sender()));
    String delivered = delivery.get(20, TimeUnit.SECONDS);
    assertEquals(null, replies.receive(), "the reply channel ended after its one message");
    return delivered;
  }
}
