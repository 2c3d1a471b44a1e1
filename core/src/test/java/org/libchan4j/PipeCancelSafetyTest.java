package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.libchan4j.testing.ChannelSemanticsContractTest;

/** Receives and sends on pipes that are cancelled, time out or are completed by the application take nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeCancelSafetyTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10})
  void aTimedOutReceiveDoesNotTakeTheNextMessage(int capacity) throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(capacity);
    CompletableFuture<Integer> abandoned = pipe.receiver().receiveAsync().orTimeout(1, TimeUnit.MILLISECONDS);
    ExecutionException e = assertThrows(ExecutionException.class, abandoned::get);
    assertInstanceOf(TimeoutException.class, e.getCause());
    CompletableFuture<Void> sent = pipe.sender().sendAsync(7);
    assertEquals(7, pipe.receiver().receive());
    sent.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aCancelledOrCompletedReceiveTakesNothing() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(10);
    CompletableFuture<Integer> cancelled = pipe.receiver().receiveAsync();
    CompletableFuture<Integer> completed = pipe.receiver().receiveAsync();
    assertTrue(cancelled.cancel(false));
    assertTrue(completed.complete(-1));
    pipe.sender().send(1);
    pipe.sender().send(2);
    assertEquals(1, pipe.receiver().receive());
    assertEquals(2, pipe.receiver().receive(Duration.ofSeconds(5)));
    assertTrue(cancelled.isCancelled());
    assertEquals(-1, completed.get());
  }

  @Test
  void aReceiveHandedAMessageCannotBeCancelled() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(1);
    pipe.sender().send(5);
    CompletableFuture<Integer> f = pipe.receiver().receiveAsync();
    assertFalse(f.cancel(false));
    assertFalse(f.completeExceptionally(new RuntimeException("late")));
    assertEquals(5, f.get());
  }

  @Test
  void aTimedReceiveThrowsAndTakesNothing() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(1);
    ChanTimeoutException e = assertThrows(ChanTimeoutException.class,
        () -> pipe.receiver().receive(Duration.ofMillis(5)));
    assertEquals(Duration.ofMillis(5), e.timeout());
    pipe.sender().send(3);
    assertEquals(3, pipe.receiver().receive(Duration.ZERO));
  }

  @Test
  void aCancelledSendOnAFullOrUnbufferedPipeSendsNothing() throws Exception {
    Pipe<Integer> unbuffered = Pipe.create();
    CompletableFuture<Void> send = unbuffered.sender().sendAsync(1);
    assertFalse(send.isDone());
    assertTrue(send.cancel(false));
    CompletableFuture<Void> next = unbuffered.sender().sendAsync(2);
    assertEquals(2, unbuffered.receiver().receive());
    next.get(5, TimeUnit.SECONDS);

    Pipe<Integer> full = Pipe.buffered(1);
    full.sender().send(1);
    assertThrows(ChanTimeoutException.class, () -> full.sender().send(2, Duration.ofMillis(5)));
    CompletableFuture<Void> timedOut = full.sender().sendAsync(3).orTimeout(1, TimeUnit.MILLISECONDS);
    assertThrows(ExecutionException.class, timedOut::get);
    full.sender().sendAsync(4);
    full.sender().close();
    List<Integer> got = new ArrayList<>();
    for (Integer i : full.receiver()) got.add(i);
    assertEquals(List.of(1, 4), got);
  }

  @Test
  void anUnbufferedSendCompletesOnlyWhenTaken() throws Exception {
    Pipe<Integer> pipe = Pipe.create();
    CompletableFuture<Void> send = pipe.sender().sendAsync(1);
    assertFalse(send.isDone());
    assertEquals(1, pipe.receiver().receive());
    assertTrue(send.isDone());
    assertFalse(send.cancel(false));
  }

  @Test
  void blockedSendsGoOutBeforeTheEnd() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(1);
    pipe.sender().send(1);
    CompletableFuture<Void> second = pipe.sender().sendAsync(2);
    CompletableFuture<Void> third = pipe.sender().sendAsync(3);
    pipe.sender().close();
    assertInstanceOf(ChannelClosedException.class,
        assertThrows(ExecutionException.class, () -> pipe.sender().sendAsync(4).get()).getCause());
    assertEquals(1, pipe.receiver().receive());
    assertEquals(2, pipe.receiver().receive());
    assertEquals(3, pipe.receiver().receive());
    assertNull(pipe.receiver().receive());
    second.get();
    third.get();
  }

  @Test
  void closingTheReceiverFailsPendingAndLaterReceives() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(4);
    CompletableFuture<Integer> pending = pipe.receiver().receiveAsync();
    pipe.receiver().close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
    assertInstanceOf(ChannelClosedException.class, e.getCause());
    assertThrows(ChannelClosedException.class, () -> pipe.receiver().receive());
    assertThrows(ChannelClosedException.class, () -> pipe.receiver().iterator().hasNext());
    assertInstanceOf(ChannelClosedException.class,
        assertThrows(ExecutionException.class, () -> pipe.sender().sendAsync(1).get()).getCause());
  }

  @Test
  void anInterruptedReceiveTakesNothing() throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(2);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        pipe.receiver().receive();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    t.start();
    // The receive is waiting once the thread parks; interrupting any time before that is the same test.
    t.interrupt();
    assertInstanceOf(InterruptedException.class, outcome.get(10, TimeUnit.SECONDS));
    pipe.sender().send(9);
    assertEquals(9, pipe.receiver().receive());
  }

  /**
   * The workload: thousands of receives given up in every way (timed receive, orTimeout, get then cancel,
   * completion by the application) interleaved with a concurrent sender: every message arrives exactly once, in order.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 10})
  void thousandsOfAbandonedReceivesLoseAndDuplicateNothing(int capacity) throws Exception {
    Pipe<Integer> pipe = Pipe.buffered(capacity);
    int n = 5_000;
    Thread producer = new Thread(() -> {
      try {
        for (int i = 0; i < n; i++) pipe.sender().send(i);
        pipe.sender().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    List<Integer> got = ChannelSemanticsContractTest.drainAbandoning(pipe.receiver());
    producer.join();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) expected.add(i);
    assertEquals(expected, got);
  }
}
