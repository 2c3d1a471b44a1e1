package org.libchan4j.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/** What a session writes together: frames its callbacks queue while a message is delivered leave in one write. */
class FlushBatchingTest {

  /** Records the frames each flush wrote, as one batch (what one WebSocket message would hold). */
  static final class Batches implements Transport {
    final InMemoryTransport inner;
    final List<byte[]> queued = new ArrayList<>();
    final List<List<byte[]>> batches = new ArrayList<>();

    Batches(InMemoryTransport inner) {
      this.inner = inner;
    }

    @Override public void start(TransportListener l) {
      inner.start(l);
    }

    @Override public synchronized void send(byte[] frame) {
      queued.add(frame);
    }

    @Override public synchronized void flush() {
      if (queued.isEmpty()) return;
      batches.add(new ArrayList<>(queued));
      for (byte[] f : queued) inner.send(f);
      queued.clear();
    }

    @Override public void close(int code, String reason) {
      flush();
      inner.close(code, reason);
    }

    /** The batches as lists of frame descriptions: "data:ID" or "end:ID" (other frames left out). */
    synchronized List<List<String>> described() {
      List<List<String>> out = new ArrayList<>();
      MsgpackReader r = new MsgpackReader(new MsgpackLimits(64, 1000, 1 << 20, 1 << 20), (t, b, o, l) -> "ref");
      for (List<byte[]> batch : batches) {
        List<String> d = new ArrayList<>();
        for (byte[] f : batch) {
          r.reset(f, 0, f.length);
          Map<?, ?> m = (Map<?, ?>) r.read();
          if (m.containsKey("t")) continue;
          d.add((m.containsKey("data") ? "data:" : "end:") + m.get("id"));
        }
        out.add(d);
      }
      return out;
    }
  }

  public record Request(int n, Sender<Integer> reply) {}

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aReplyAndItsEndSentFromACallbackLeaveInOneWrite(SessionOptions.Mode mode) throws Exception {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Batches serverSide = new Batches(t[1]);
    Session server = Session.open(serverSide, SessionOptions.builder(Session.Role.SERVER).mode(mode).build());
    Session client = Session.open(t[0], SessionOptions.builder(Session.Role.CLIENT).mode(mode).build());
    // The server's callback is registered before the request exists, so it runs while the request is delivered.
    CompletableFuture<Void> replied = server.<Request>acceptAsync(Request.class)
        .thenCompose(Receiver::receiveAsync)
        .thenAccept((Request r) -> {
          r.reply().sendAsync(r.n() + 1);
          r.reply().close();
        });
    Pipe<Integer> reply = Pipe.buffered(1);
    client.newSender(Request.class).send(new Request(41, reply.sender()));
    assertEquals(42, reply.receiver().receive());
    replied.get(20, TimeUnit.SECONDS);
    List<List<String>> batches = serverSide.described();
    boolean together = false;
    for (List<String> b : batches) {
      for (int i = 0; i + 1 < b.size(); i++) {
        String id = b.get(i).substring(5);
        if (b.get(i).startsWith("data:") && b.get(i + 1).equals("end:" + id)) together = true;
      }
    }
    assertTrue(together, "the reply and its END in one write: " + batches);
    client.close();
  }
}
