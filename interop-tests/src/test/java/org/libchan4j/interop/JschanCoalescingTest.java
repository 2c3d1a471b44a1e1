package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.TransportSeam;
import org.libchan4j.testing.TransportContractTest.Hello;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Frames queued while a write is in flight leave together in one WebSocket message (PROTOCOL.md 2.1 and 7.5):
 * a real jschan server's stream decoder reads every one of them, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JschanCoalescingTest {

  @Test
  void aBurstOfFramesSharingMessagesReachesJschanWholeAndInOrder() throws Exception {
    try (NodePeer node = NodePeer.start("server.js", "many-messages", "ws")) {
      WebSocketTransport t = TransportSeam.connect(URI.create("ws://127.0.0.1:" + node.awaitPort() + "/"),
          ClientOptions.builder().mode(SessionOptions.Mode.COMPAT).build());
      try (Session s = Session.open(t, SessionOptions.builder(Session.Role.CLIENT).build())) {
        node.closesOnFailure(s);
        Sender<Hello> out = s.newSender(Hello.class);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) sent.add(out.sendAsync(new Hello("m", i))); // a burst: the writer batches
        for (CompletableFuture<Void> f : sent) f.get(20, TimeUnit.SECONDS);
        out.close();
        node.awaitEvent("done");
        assertTrue(t.messagesWritten() < 5000, "frames shared messages: 5,001 frames in " + t.messagesWritten()
            + " messages");
      }
      node.awaitPass();
    }
  }
}
