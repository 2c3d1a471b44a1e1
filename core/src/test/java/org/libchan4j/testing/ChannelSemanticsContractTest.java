package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.ChanTimeoutException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Select;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;

/**
 * Go channel semantics over a session, in the manner of {@link TransportContractTest}: cancel-safe receives, sends
 * and accepts, timeouts, the local close, and {@link Select} over session channels. A transport's test implements
 * {@link #connectRaw()} (see {@link SessionPairs}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class ChannelSemanticsContractTest extends SessionPairs {

  private boolean extended() {
    return mode() == SessionOptions.Mode.EXTENDED;
  }

  public record Item(int n) {}

  /** Carries a channel the receiving side writes into (a return channel). */
  public record Lend(Sender<Item> into) {}

  /** Thousands of receives given up in every way while the peer sends: every message once, in order. */
  @Test
  void abandonedReceivesLoseAndDuplicateNothing() throws Exception {
    Session[] s = connect();
    int n = 3_000;
    Sender<Item> out = s[0].newSender(Item.class);
    Thread producer = new Thread(() -> {
      try {
        for (int i = 0; i < n; i++) out.send(new Item(i));
        out.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    producer.start();
    Receiver<Item> in = s[1].accept(Item.class, Duration.ofSeconds(20));
    List<Item> got = drainAbandoning(in);
    producer.join();
    List<Item> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) expected.add(new Item(i));
    assertEquals(expected, got);
  }

  @Test
  void aTimedOutAcceptTakesNoChannel() throws Exception {
    Session[] s = connect();
    assertThrows(ChanTimeoutException.class, () -> s[1].accept(Item.class, Duration.ofMillis(5)));
    CompletableFuture<Receiver<Item>> abandoned = s[1].<Item>acceptAsync(Item.class)
        .orTimeout(1, TimeUnit.MILLISECONDS);
    assertInstanceOf(TimeoutException.class, assertThrows(ExecutionException.class, abandoned::get).getCause());
    CompletableFuture<Receiver<Item>> cancelled = s[1].acceptAsync(Item.class);
    assertTrue(cancelled.cancel(false));
    Sender<Item> out = s[0].newSender(Item.class);
    out.send(new Item(1));
    Receiver<Item> in = s[1].accept(Item.class, Duration.ofSeconds(20));
    assertEquals(new Item(1), in.receive(Duration.ofSeconds(20)));
  }

  @Test
  void aTimedReceiveOnASessionChannelTakesNothing() throws Exception {
    Session[] s = connect();
    Sender<Item> out = s[0].newSender(Item.class);
    out.send(new Item(0));
    Receiver<Item> in = s[1].accept(Item.class, Duration.ofSeconds(20));
    assertEquals(new Item(0), in.receive(Duration.ofSeconds(20)));
    assertThrows(ChanTimeoutException.class, () -> in.receive(Duration.ofMillis(5)));
    CompletableFuture<Item> f = in.receiveAsync();
    assertTrue(f.cancel(false));
    out.send(new Item(1));
    assertEquals(new Item(1), in.receive(Duration.ofSeconds(20)));
  }

  @Test
  void receivesAfterTheLocalCloseThrow() throws Exception {
    Session[] s = connect();
    Sender<Item> out = s[0].newSender(Item.class);
    out.send(new Item(0));
    Receiver<Item> in = s[1].accept(Item.class, Duration.ofSeconds(20));
    assertEquals(new Item(0), in.receive(Duration.ofSeconds(20)));
    CompletableFuture<Item> pending = in.receiveAsync();
    in.close();
    assertInstanceOf(ChannelClosedException.class,
        assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS)).getCause());
    assertThrows(ChannelClosedException.class, in::receive);
    if (extended()) {
      // The writer learns it: its close future fails, later sends fail.
      ExecutionException e = assertThrows(ExecutionException.class, () -> out.closeFuture().get(20, TimeUnit.SECONDS));
      assertInstanceOf(ChannelClosedException.class, e.getCause());
    }
  }

  /** A return channel of capacity 1 the reader does not read: a waiting send is withdrawn by cancel or timeout. */
  @Test
  void cancelledAndTimedOutSendsSendNothing() throws Exception {
    Session[] s = connect();
    Pipe<Item> replies = Pipe.buffered(1);
    s[0].newSender(Lend.class).send(new Lend(replies.sender()));
    Sender<Item> into = s[1].accept(Lend.class, Duration.ofSeconds(20)).receive(Duration.ofSeconds(20)).into();
    into.send(new Item(1)); // fills the capacity
    if (extended()) {
      CompletableFuture<Void> waiting = into.sendAsync(new Item(2));
      assertFalse(waiting.isDone());
      assertTrue(waiting.cancel(false));
      assertThrows(ChanTimeoutException.class, () -> into.send(new Item(3), Duration.ofMillis(5)));
      CompletableFuture<Void> timedOut = into.sendAsync(new Item(4)).orTimeout(1, TimeUnit.MILLISECONDS);
      assertThrows(ExecutionException.class, timedOut::get);
      assertEquals("full", Select.<String>create().send(into, new Item(5), () -> "sent").otherwise(() -> "full")
          .select());
    }
    CompletableFuture<Void> last = into.sendAsync(new Item(6));
    into.close();
    assertEquals(new Item(1), replies.receiver().receive(Duration.ofSeconds(20)));
    assertEquals(new Item(6), replies.receiver().receive(Duration.ofSeconds(20)));
    assertEquals(null, replies.receiver().receive(Duration.ofSeconds(20)));
    last.get(20, TimeUnit.SECONDS);
  }

  /** Timed sends racing a slow reader: what proceeded arrives exactly once, in order; what timed out never does. */
  @Test
  void timedSendsRacingAReaderSendEachProceededMessageOnce() throws Exception {
    Session[] s = connect();
    Pipe<Item> replies = Pipe.buffered(ThreadLocalRandom.current().nextInt(3));
    s[0].newSender(Lend.class).send(new Lend(replies.sender()));
    Sender<Item> into = s[1].accept(Lend.class, Duration.ofSeconds(20)).receive(Duration.ofSeconds(20)).into();
    CompletableFuture<List<Item>> got = CompletableFuture.supplyAsync(() -> {
      try {
        return drainAbandoning(replies.receiver());
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    List<Item> proceeded = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      try {
        if (i % 2 == 0) {
          into.send(new Item(i), Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)));
        } else if (!Select.<Boolean>create().send(into, new Item(i), () -> true)
            .timeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)), () -> false).select()) {
          continue;
        }
        proceeded.add(new Item(i));
      } catch (ChanTimeoutException e) {
        // nothing was sent
      }
    }
    into.close();
    assertEquals(proceeded, got.get(60, TimeUnit.SECONDS));
  }

  /** A select over many session receivers with concurrent senders on the peer: every message exactly once. */
  @Test
  void aSelectOverManySessionReceiversDeliversEveryMessageOnce() throws Exception {
    Session[] s = connect();
    int channels = 6;
    int perChannel = 500;
    List<Thread> producers = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      Sender<Item> out = s[0].newSender(Item.class);
      int base = c * perChannel;
      out.send(new Item(base)); // opens the channel in a known order
      Thread t = new Thread(() -> {
        try {
          for (int i = 1; i < perChannel; i++) out.send(new Item(base + i));
          out.close();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      producers.add(t);
    }
    List<Receiver<Item>> open = new ArrayList<>();
    for (int c = 0; c < channels; c++) open.add(s[1].accept(Item.class, Duration.ofSeconds(20)));
    producers.forEach(Thread::start);
    List<List<Integer>> got = new ArrayList<>();
    for (int c = 0; c < channels; c++) got.add(new ArrayList<>());
    while (!open.isEmpty()) {
      Select<Object> select = Select.create();
      for (Receiver<Item> r : open) select.receive(r, v -> v == null ? r : v);
      Object r = select.timeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)), () -> "timeout")
          .select();
      if (r instanceof Receiver) open.remove(r);
      else if (r instanceof Item) got.get(((Item) r).n() / perChannel).add(((Item) r).n());
    }
    for (Thread t : producers) t.join();
    for (int c = 0; c < channels; c++) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < perChannel; i++) expected.add(c * perChannel + i);
      assertEquals(expected, got.get(c), "channel " + c);
    }
  }

  /** Extended mode: a send case on a full channel becomes ready when the reader's credit arrives. */
  @Test
  void aSendCaseWaitsForCredit() throws Exception {
    Session[] s = connect();
    Pipe<Item> replies = Pipe.buffered(1);
    s[0].newSender(Lend.class).send(new Lend(replies.sender()));
    Sender<Item> into = s[1].accept(Lend.class, Duration.ofSeconds(20)).receive(Duration.ofSeconds(20)).into();
    into.send(new Item(1));
    CompletableFuture<String> select = Select.<String>create().send(into, new Item(2), () -> "sent")
        .timeout(Duration.ofSeconds(30), () -> "timeout").selectAsync();
    if (extended()) assertFalse(select.isDone());
    assertEquals(new Item(1), replies.receiver().receive(Duration.ofSeconds(20)));
    assertEquals("sent", select.get(20, TimeUnit.SECONDS));
    assertEquals(new Item(2), replies.receiver().receive(Duration.ofSeconds(20)));
    assertNotNull(into);
  }

  /** Receives a channel to its end while giving up most receives, in several ways. */
  public static <T> List<T> drainAbandoning(Receiver<T> receiver) throws Exception {
    List<T> got = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      T value;
      int way = random.nextInt(4);
      if (way == 0) {
        try {
          value = receiver.receive(Duration.ofNanos(random.nextInt(100_000)));
        } catch (ChanTimeoutException e) {
          continue;
        }
      } else if (way == 1) {
        CompletableFuture<T> f = receiver.receiveAsync().orTimeout(random.nextInt(100) + 1, TimeUnit.MICROSECONDS);
        try {
          value = f.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof TimeoutException) continue;
          throw e;
        }
      } else if (way == 2) {
        CompletableFuture<T> f = receiver.receiveAsync();
        try {
          value = f.get(random.nextInt(50), TimeUnit.MICROSECONDS);
        } catch (TimeoutException e) {
          if (f.cancel(false)) continue;
          value = f.get();
        }
      } else {
        value = receiver.receive(Duration.ofSeconds(30));
      }
      if (value == null) return got;
      got.add(value);
    }
  }
}
