package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Select} over pipes: exactly one case, readiness, default, timeout, fairness, and under contention. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectTest {

  @Test
  void theReadyCaseProceedsAndTheOthersAreUntouched() throws Exception {
    Pipe<String> a = Pipe.buffered(1);
    Pipe<String> b = Pipe.buffered(1);
    b.sender().send("from b");
    String r = Select.<String>create()
        .receive(a.receiver(), v -> "a:" + v)
        .receive(b.receiver(), v -> "b:" + v)
        .select();
    assertEquals("b:from b", r);
    a.sender().send("later");
    assertEquals("later", a.receiver().receive(Duration.ZERO));
  }

  @Test
  void theEndOfAChannelIsACaseWithNull() throws Exception {
    Pipe<String> a = Pipe.create();
    a.sender().close();
    assertEquals("ended", Select.<String>create().receive(a.receiver(), v -> v == null ? "ended" : v).select());
  }

  @Test
  void otherwiseRunsWhenNothingIsReadyAndTakesNothing() throws Exception {
    Pipe<Integer> in = Pipe.create();
    Pipe<Integer> out = Pipe.create();
    String r = Select.<String>create()
        .receive(in.receiver(), v -> "received")
        .send(out.sender(), 1, () -> "sent")
        .otherwise(() -> "default")
        .select();
    assertEquals("default", r);
    // Nothing waits behind: a send into `in` still has no receiver (capacity 0), a receive on `out` no sender.
    assertThrows(ChanTimeoutException.class, () -> in.sender().send(5, Duration.ofMillis(2)));
    assertThrows(ChanTimeoutException.class, () -> out.receiver().receive(Duration.ofMillis(2)));
  }

  @Test
  void aSendCaseIsReadyOnlyWithRoom() throws Exception {
    Pipe<Integer> full = Pipe.buffered(1);
    full.sender().send(1);
    assertEquals("default", Select.<String>create().send(full.sender(), 2, () -> "sent").otherwise(() -> "default")
        .select());
    assertEquals(1, full.receiver().receive());
    assertEquals("sent", Select.<String>create().send(full.sender(), 3, () -> "sent").otherwise(() -> "default")
        .select());
    assertEquals(3, full.receiver().receive(Duration.ZERO));

    // Unbuffered: ready only when a receive waits, and then the receive gets exactly this message.
    Pipe<Integer> rendezvous = Pipe.create();
    CompletableFuture<Integer> waiting = rendezvous.receiver().receiveAsync();
    assertEquals("sent", Select.<String>create().send(rendezvous.sender(), 4, () -> "sent").select());
    assertEquals(4, waiting.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aTimeoutTakesAndSendsNothing() throws Exception {
    Pipe<Integer> in = Pipe.create();
    Pipe<Integer> out = Pipe.create();
    String r = Select.<String>create()
        .receive(in.receiver(), v -> "received")
        .send(out.sender(), 1, () -> "sent")
        .timeout(Duration.ofMillis(5), () -> "timeout")
        .select();
    assertEquals("timeout", r);
    assertThrows(ChanTimeoutException.class, () -> out.receiver().receive(Duration.ofMillis(2)));
    CompletableFuture<Void> s = in.sender().sendAsync(2);
    assertEquals(2, in.receiver().receive(Duration.ofSeconds(5)));
    s.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aWaitingSelectProceedsWithTheFirstCounterpart() throws Exception {
    Pipe<Integer> a = Pipe.create();
    Pipe<Integer> b = Pipe.create();
    CompletableFuture<String> r = Select.<String>create()
        .receive(a.receiver(), v -> "a" + v)
        .receive(b.receiver(), v -> "b" + v)
        .selectAsync();
    assertFalse(r.isDone());
    b.sender().send(7);
    assertEquals("b7", r.get(5, TimeUnit.SECONDS));
    // The waiter on `a` is gone: a send there waits for a real receive.
    assertThrows(ChanTimeoutException.class, () -> a.sender().send(1, Duration.ofMillis(2)));
  }

  @Test
  void cancellingAnAsyncSelectLeavesEveryChannelAlone() throws Exception {
    Pipe<Integer> a = Pipe.buffered(1);
    Pipe<Integer> b = Pipe.create();
    CompletableFuture<String> r = Select.<String>create()
        .receive(a.receiver(), v -> "a")
        .send(b.sender(), 1, () -> "b")
        .selectAsync();
    assertTrue(r.cancel(false));
    a.sender().send(3);
    assertEquals(3, a.receiver().receive(Duration.ZERO));
    assertThrows(ChanTimeoutException.class, () -> b.receiver().receive(Duration.ofMillis(2)));
  }

  @Test
  void anAsyncSelectTimesOut() throws Exception {
    Pipe<Integer> a = Pipe.create();
    CompletableFuture<String> r = Select.<String>create()
        .receive(a.receiver(), v -> "a")
        .timeout(Duration.ofMillis(5), () -> "timeout")
        .selectAsync();
    assertEquals("timeout", r.get(5, TimeUnit.SECONDS));
    CompletableFuture<Void> s = a.sender().sendAsync(1);
    assertEquals(1, a.receiver().receive(Duration.ofSeconds(5)));
    s.get(5, TimeUnit.SECONDS);
  }

  @Test
  void closedChannelsProceedWithTheirError() {
    Pipe<Integer> a = Pipe.create();
    a.receiver().close();
    assertThrows(ChannelClosedException.class, () -> Select.<String>create().receive(a.receiver(), v -> "a").select());
    Pipe<Integer> b = Pipe.create();
    b.sender().close();
    assertThrows(ChannelClosedException.class, () -> Select.<String>create().send(b.sender(), 1, () -> "b").select());
    Pipe<Integer> c = Pipe.create();
    c.sender().fail(42, "broken");
    ChannelFailedException e = assertThrows(ChannelFailedException.class,
        () -> Select.<String>create().receive(c.receiver(), v -> "c").select());
    assertEquals(42, e.code());
  }

  @Test
  void aPassedDeadlineStillLetsAReadyCaseProceed() throws Exception {
    Pipe<Integer> ready = Pipe.buffered(1);
    ready.sender().send(1);
    assertEquals("received", Select.<String>create().receive(ready.receiver(), v -> "received")
        .timeout(Duration.ofSeconds(-1), () -> "timeout").select());
    assertEquals("timeout", Select.<String>create().receive(ready.receiver(), v -> "received")
        .timeout(Duration.ofSeconds(-1), () -> "timeout").select());
  }

  @Test
  void anEmptySelectIsRefused() {
    assertThrows(IllegalStateException.class, () -> Select.create().select());
  }

  @Test
  void readyCasesAreChosenAtRandom() throws Exception {
    Pipe<Integer> a = Pipe.buffered(1);
    Pipe<Integer> b = Pipe.buffered(1);
    Map<String, Integer> counts = new HashMap<>();
    int rounds = 2_000;
    for (int i = 0; i < rounds; i++) {
      a.sender().send(i, Duration.ZERO);
      b.sender().send(i, Duration.ZERO);
      String which = Select.<String>create().receive(a.receiver(), v -> "a").receive(b.receiver(), v -> "b").select();
      counts.merge(which, 1, Integer::sum);
      // Drain the other so both are ready again next round.
      Receiver<Integer> other = which.equals("a") ? b.receiver() : a.receiver();
      other.receive(Duration.ZERO);
    }
    // Binomial(2000, 0.5): outside 40%..60% has a probability below 1e-18.
    assertTrue(counts.get("a") > rounds * 0.4 && counts.get("b") > rounds * 0.4, counts.toString());
  }

  @Test
  void receiveAndSendOnTheSamePipe() throws Exception {
    Pipe<Integer> p = Pipe.buffered(1);
    assertEquals("sent", Select.<String>create().receive(p.receiver(), v -> "received").send(p.sender(), 1, () -> "sent")
        .select());
    assertEquals("received", Select.<String>create().receive(p.receiver(), v -> "received")
        .send(p.sender(), 2, () -> "sent").select());
  }

  /** Many receivers, concurrent senders, selects that also time out: every message exactly once, per-channel order. */
  @Test
  void aSelectOverManyReceiversDeliversEveryMessageExactlyOnce() throws Exception {
    int channels = 8;
    int perChannel = 2_000;
    List<Pipe<Integer>> pipes = new ArrayList<>();
    for (int i = 0; i < channels; i++) pipes.add(ThreadLocalRandom.current().nextBoolean() ? Pipe.create()
        : Pipe.buffered(4));
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      Sender<Integer> s = pipes.get(c).sender();
      int base = c * perChannel;
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < perChannel; i++) s.send(base + i);
          s.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      senders.add(t);
      t.start();
    }
    List<Receiver<Integer>> open = new ArrayList<>();
    for (Pipe<Integer> p : pipes) open.add(p.receiver());
    List<List<Integer>> got = new ArrayList<>();
    for (int i = 0; i < channels; i++) got.add(new ArrayList<>());
    int timeouts = 0;
    while (!open.isEmpty()) {
      Select<Object> select = Select.create();
      for (Receiver<Integer> r : open) select.receive(r, v -> v == null ? r : v);
      Object r = select.timeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(100_000)), () -> "timeout")
          .select();
      if (r instanceof Receiver) open.remove(r);
      else if (r instanceof Integer) got.get((Integer) r / perChannel).add((Integer) r);
      else timeouts++;
    }
    for (Thread t : senders) t.join();
    for (int c = 0; c < channels; c++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < perChannel; i++) expected.add(c * perChannel + i);
      assertEquals(expected, got.get(c), "channel " + c + " (" + timeouts + " selects timed out)");
    }
  }

  /** Several selects with send cases racing receivers: each proceeded send is received once, nothing else is. */
  @Test
  void aSelectWithSendCasesNeverSendsTwice() throws Exception {
    Pipe<Integer> a = Pipe.create();
    Pipe<Integer> b = Pipe.buffered(2);
    int selects = 3_000;
    AtomicInteger proceeded = new AtomicInteger();
    ConcurrentLinkedQueue<Integer> sentValues = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(2);
    for (Receiver<Integer> r : List.of(a.receiver(), b.receiver())) {
      new Thread(() -> {
        try {
          for (Integer v : r) received.add(v);
        } finally {
          done.countDown();
        }
      }).start();
    }
    for (int i = 0; i < selects; i++) {
      int v = i;
      Boolean sent = Select.<Boolean>create()
          .send(a.sender(), v, () -> true)
          .send(b.sender(), v, () -> true)
          .timeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(20_000)), () -> false)
          .select();
      if (sent) {
        proceeded.incrementAndGet();
        sentValues.add(v);
      }
    }
    a.sender().close();
    b.sender().close();
    assertTrue(done.await(20, TimeUnit.SECONDS));
    List<Integer> expected = new ArrayList<>(sentValues);
    List<Integer> actual = new ArrayList<>(received);
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual);
    assertTrue(proceeded.get() > 0);
  }

  @Test
  void anInterruptedSelectTakesNothing() throws Exception {
    Pipe<Integer> a = Pipe.buffered(1);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        Select.<String>create().receive(a.receiver(), v -> "a").select();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    t.start();
    t.interrupt();
    assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
    a.sender().send(1);
    assertEquals(1, a.receiver().receive(Duration.ZERO));
    assertNull(Select.<Integer>create().receive(a.receiver(), v -> v).otherwise(() -> null).select());
  }
}
