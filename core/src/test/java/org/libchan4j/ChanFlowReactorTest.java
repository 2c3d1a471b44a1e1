package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.transport.InMemoryTransport;
import org.reactivestreams.Subscription;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * ChanFlow from Reactor, over two extended-mode in-memory sessions: a {@code Flux} feeds a session channel through
 * {@link ChanFlow#subscriber}, and the other side reads it as a {@code Flux} with {@code limitRate}. Everything
 * arrives in order, and demand bounds both ends: the writer completes at most {@code capacity} sends ahead of what
 * the reading Flux requested, and the source Flux is asked for at most a window ahead of completed sends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanFlowReactorTest {
  private static final int MESSAGES = 2_000;
  private static final int CAPACITY = 16;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** Counts the sends that completed, and lets the test wait for a count. */
  static final class CountingSender implements Sender<Integer> {
    private final Sender<Integer> target;
    private long completed;
    private final List<Object[]> waiters = new ArrayList<>();

    CountingSender(Sender<Integer> target) {
      this.target = target;
    }

    synchronized long completed() {
      return completed;
    }

    /** Completes once at least {@code n} sends completed. */
    synchronized CompletableFuture<Void> whenCompleted(long n) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      if (completed >= n) f.complete(null);
      else waiters.add(new Object[] {n, f});
      return f;
    }

    @Override public CompletableFuture<Void> sendAsync(Integer message) {
      return target.sendAsync(message).whenComplete((v, e) -> {
        if (e == null) countOne();
      });
    }

    @SuppressWarnings("unchecked")
    private void countOne() {
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      synchronized (this) {
        completed++;
        waiters.removeIf(w -> {
          if ((long) w[0] > completed) return false;
          ready.add((CompletableFuture<Void>) w[1]);
          return true;
        });
      }
      ready.forEach(f -> f.complete(null));
    }

    @Override public void send(Integer message) throws InterruptedException {
      target.send(message);
    }

    @Override public void close() {
      target.close();
    }

    @Override public void fail(int code, String message) {
      target.fail(code, message);
    }

    @Override public boolean isClosed() {
      return target.isClosed();
    }

    @Override public CompletableFuture<Void> closeFuture() {
      return target.closeFuture();
    }
  }

  /** A consumer that asks for what the test tells it to, and checks the credit bound at every message. */
  static final class SlowConsumer extends BaseSubscriber<Integer> {
    final List<Integer> received = new ArrayList<>();
    final CompletableFuture<List<Integer>> done = new CompletableFuture<>();
    final CompletableFuture<Void> firstBatch = new CompletableFuture<>();
    private final CountingSender writer;
    private final AtomicLong upstreamDemand;
    private final int firstBatchSize;
    volatile String violation;

    SlowConsumer(CountingSender writer, AtomicLong upstreamDemand, int firstBatchSize) {
      this.writer = writer;
      this.upstreamDemand = upstreamDemand;
      this.firstBatchSize = firstBatchSize;
    }

    @Override protected void hookOnSubscribe(Subscription s) {
      s.request(firstBatchSize);
    }

    @Override protected void hookOnNext(Integer value) {
      long sent = writer.completed(); // read before the demand: both only grow
      long asked = upstreamDemand.get();
      if (sent > asked + CAPACITY && violation == null) {
        violation = sent + " sends completed with " + asked + " requested and capacity " + CAPACITY;
      }
      synchronized (received) {
        received.add(value);
        if (received.size() == firstBatchSize) firstBatch.complete(null);
      }
    }

    @Override protected void hookOnComplete() {
      synchronized (received) {
        done.complete(List.copyOf(received));
      }
    }

    @Override protected void hookOnError(Throwable t) {
      done.completeExceptionally(t);
    }
  }

  @Test
  void aFluxFeedsASessionChannelThatAnotherFluxReadsWithLimitRate() throws Exception {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session client = Session.open(t[0],
        SessionOptions.builder(Session.Role.CLIENT).mode(SessionOptions.Mode.EXTENDED).build());
    Session server = Session.open(t[1], SessionOptions.builder(Session.Role.SERVER)
        .mode(SessionOptions.Mode.EXTENDED).channelCapacity(CAPACITY).build());
    open.add(client);
    open.add(server);

    // Writing side: Flux.range -> ChanFlow.subscriber -> a session channel.
    CountingSender out = new CountingSender(client.newSender(Integer.class));
    AtomicLong sourceDemand = new AtomicLong();
    AtomicReference<String> sourceViolation = new AtomicReference<>();
    Flux<Integer> source = Flux.range(0, MESSAGES).doOnRequest(n -> {
      long asked = sourceDemand.addAndGet(n);
      long sent = out.completed();
      if (asked > sent + ChanFlow.DEFAULT_WINDOW) {
        sourceViolation.compareAndSet(null, asked + " requested from the source with only " + sent + " sends completed");
      }
    });
    JdkFlowAdapter.publisherToFlowPublisher(source).subscribe(ChanFlow.subscriber(out));

    // Reading side: ChanFlow.publisher -> Flux with limitRate(8) -> a consumer that stops after 10.
    Receiver<Integer> in = server.accept(Integer.class);
    AtomicLong readDemand = new AtomicLong();
    SlowConsumer consumer = new SlowConsumer(out, readDemand, 10);
    JdkFlowAdapter.flowPublisherToFlux(ChanFlow.publisher(in))
        .doOnRequest(n -> readDemand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b))
        .limitRate(8)
        .subscribe(consumer);

    // The consumer stalls after 10: limitRate has asked for a few more, the writer may run a capacity ahead.
    consumer.firstBatch.get(20, TimeUnit.SECONDS);
    long asked = readDemand.get();
    assertTrue(asked >= 10 && asked < 10 + 8, "limitRate(8) asked for " + asked);
    out.whenCompleted(asked).get(20, TimeUnit.SECONDS); // the credit for what was taken came back
    roundTrip(server, client); // and anything else the reader returned has reached the writer
    assertTrue(out.completed() <= asked + CAPACITY,
        out.completed() + " sends completed, but the reader only asked for " + asked);

    consumer.requestUnbounded();
    List<Integer> received = consumer.done.get(20, TimeUnit.SECONDS);
    assertEquals(IntStream.range(0, MESSAGES).boxed().toList(), received, "every message, in order");
    assertNull(consumer.violation);
    assertNull(sourceViolation.get());
    assertEquals(MESSAGES, out.completed());
  }

  private static void roundTrip(Session a, Session b) throws Exception {
    a.newSender(String.class).send("ping");
    assertEquals("ping", b.accept(String.class).receive());
  }
}
