package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.transport.InMemoryTransport;

/** {@link ChanFlow}'s contract beyond the TCK: demand as credit, ends and failures, cancellation, error codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanFlowTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** Records every signal; asserts that signals never nest. */
  static final class Recorder<T> implements Flow.Subscriber<T> {
    final List<Object> signals = new ArrayList<>();
    final CompletableFuture<Object> terminal = new CompletableFuture<>();
    final CompletableFuture<T> first = new CompletableFuture<>();
    volatile Flow.Subscription subscription;
    private int depth;
    int maxDepth;
    /** How many more to request from inside each onNext. */
    volatile long requestInOnNext;

    @Override public synchronized void onSubscribe(Flow.Subscription s) {
      subscription = s;
      signals.add("subscribed");
    }

    @Override public void onNext(T item) {
      synchronized (this) {
        maxDepth = Math.max(maxDepth, ++depth);
        signals.add(item);
      }
      first.complete(item);
      if (requestInOnNext > 0) subscription.request(requestInOnNext);
      synchronized (this) {
        depth--;
      }
    }

    @Override public synchronized void onError(Throwable t) {
      signals.add(t);
      terminal.complete(t);
    }

    @Override public synchronized void onComplete() {
      signals.add("complete");
      terminal.complete("complete");
    }

    synchronized List<Object> signals() {
      return List.copyOf(signals);
    }
  }

  private static <T> T within(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
    return e.getCause();
  }

  private Session[] sessions(int serverCapacity) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session c = Session.open(t[0], SessionOptions.builder(Session.Role.CLIENT).mode(SessionOptions.Mode.EXTENDED).build());
    Session s = Session.open(t[1], SessionOptions.builder(Session.Role.SERVER).mode(SessionOptions.Mode.EXTENDED)
        .channelCapacity(serverCapacity).build());
    open.add(c);
    open.add(s);
    return new Session[] {c, s};
  }

  // ------------------------------------------------------------------------------------------------- publisher

  @Test
  void thePublisherTakesAMessageOnlyWhenTheSubscriberAsks() {
    Pipe<Integer> pipe = Pipe.create(); // unbuffered: a send completes exactly when its message is taken
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 5; i++) sends.add(pipe.sender().sendAsync(i));
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(pipe.receiver()).subscribe(sub);
    assertEquals(List.of("subscribed"), sub.signals());
    assertTrue(sends.stream().noneMatch(CompletableFuture::isDone), "nothing is taken before a request");

    sub.subscription.request(2);
    assertEquals(List.of("subscribed", 0, 1), sub.signals());
    assertTrue(sends.get(1).isDone());
    assertFalse(sends.get(2).isDone(), "the third message stays with the sender: it was not asked for");

    sub.subscription.request(3);
    assertEquals(List.of("subscribed", 0, 1, 2, 3, 4), sub.signals());
    assertTrue(sends.stream().allMatch(CompletableFuture::isDone));
    pipe.sender().close();
    assertEquals(List.of("subscribed", 0, 1, 2, 3, 4, "complete"), sub.signals(), "the end needs no demand");
  }

  @Test
  void aFailureComesAfterTheMessagesBeforeItAndNeedsNoDemand() {
    Pipe<Integer> pipe = Pipe.buffered(4);
    pipe.sender().sendAsync(1);
    pipe.sender().fail(4242, "the writer failed");
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(pipe.receiver()).subscribe(sub);
    assertEquals(List.of("subscribed"), sub.signals(), "the failure waits behind the message");
    sub.subscription.request(1);
    List<Object> signals = sub.signals();
    assertEquals(3, signals.size(), signals::toString);
    assertEquals(1, signals.get(1));
    ChannelFailedException failed = assertInstanceOf(ChannelFailedException.class, signals.get(2));
    assertEquals(4242, failed.code());
  }

  @Test
  void bufferedMessagesAreDeliveredInALoopNotByRecursion() {
    Pipe<Integer> pipe = Pipe.buffered(100_000);
    for (int i = 0; i < 100_000; i++) pipe.sender().sendAsync(i);
    pipe.sender().close();
    Recorder<Integer> sub = new Recorder<>();
    sub.requestInOnNext = 1;
    ChanFlow.publisher(pipe.receiver()).subscribe(sub);
    sub.subscription.request(1);
    List<Object> signals = sub.signals();
    assertEquals(100_002, signals.size());
    assertEquals(99_999, signals.get(100_000));
    assertEquals("complete", signals.get(100_001));
    assertEquals(1, sub.maxDepth, "a request from onNext must not call onNext again before it returns");
  }

  @Test
  void cancelClosesThePipeAndNothingIsSignalledAfterIt() throws Exception {
    Pipe<Integer> pipe = Pipe.create();
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(pipe.receiver()).subscribe(sub);
    sub.subscription.request(1); // a receive is now pending
    sub.subscription.cancel();
    assertInstanceOf(ChannelClosedException.class, failureOf(pipe.sender().closeFuture()));
    assertInstanceOf(ChannelClosedException.class, failureOf(pipe.sender().sendAsync(1)));
    sub.subscription.request(1);
    assertEquals(List.of("subscribed"), sub.signals(), "neither the pending receive nor a request signals");
  }

  @Test
  void aReceiverTakesOneSubscriber() {
    Pipe<Integer> pipe = Pipe.create();
    Flow.Publisher<Integer> publisher = ChanFlow.publisher(pipe.receiver());
    Recorder<Integer> first = new Recorder<>();
    Recorder<Integer> second = new Recorder<>();
    publisher.subscribe(first);
    publisher.subscribe(second);
    assertEquals(List.of("subscribed"), first.signals());
    assertEquals(2, second.signals().size());
    assertInstanceOf(IllegalStateException.class, second.signals().get(1));
    assertThrows(NullPointerException.class, () -> publisher.subscribe(null));
  }

  @Test
  void demandBoundsTheCreditASessionChannelReturns() throws Exception {
    Session[] s = sessions(4);
    Sender<Integer> out = s[0].newSender(Integer.class);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) sends.add(out.sendAsync(i));
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(s[1].accept(Integer.class)).subscribe(sub);
    within(sends.get(3)); // the capacity

    sub.subscription.request(2);
    within(sends.get(5)); // 2 taken + capacity 4
    roundTrip(s[1], s[0]); // any credit the server returned has reached the client
    assertFalse(sends.get(6).isDone(), "the publisher took more than the subscriber asked for");
    assertTrue(sub.signals().size() <= 3, () -> "more than the 2 requested: " + sub.signals());

    sub.subscription.request(Long.MAX_VALUE);
    out.close();
    assertEquals("complete", within(sub.terminal));
    assertEquals(IntStream.range(0, 20).boxed().toList(), sub.signals().subList(1, 21));
  }

  @Test
  void cancelOnASessionChannelCancelsTheRemoteWriter() throws Exception {
    Session[] s = sessions(4);
    Sender<Integer> out = s[0].newSender(Integer.class);
    out.send(1);
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(s[1].accept(Integer.class)).subscribe(sub);
    sub.subscription.request(2);
    assertEquals(1, within(sub.first));
    sub.subscription.cancel(); // with a receive pending for the second message
    assertInstanceOf(ChannelClosedException.class, failureOf(out.closeFuture()));
    roundTrip(s[1], s[0]);
    assertEquals(List.of("subscribed", 1), sub.signals());
  }

  @Test
  void theSessionEndingIsAnError() throws Exception {
    Session[] s = sessions(4);
    s[0].newSender(Integer.class).send(1);
    Recorder<Integer> sub = new Recorder<>();
    ChanFlow.publisher(s[1].accept(Integer.class)).subscribe(sub);
    sub.subscription.request(5);
    assertEquals(1, within(sub.first));
    s[0].close(CloseCodes.GOING_AWAY, "bye");
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, within(sub.terminal));
    assertEquals(CloseCodes.GOING_AWAY, closed.closeCode());
    assertEquals(List.of("subscribed", 1, closed), sub.signals());
  }

  private static void roundTrip(Session a, Session b) throws Exception {
    a.newSender(String.class).send("ping");
    assertEquals("ping", b.accept(String.class).receive());
  }

  // ------------------------------------------------------------------------------------------------ subscriber

  /** A publisher side the test drives by hand: it records requests and cancel. */
  static final class Upstream implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override public synchronized void request(long n) {
      requested += n;
    }

    @Override public synchronized void cancel() {
      cancelled = true;
    }

    synchronized long requested() {
      return requested;
    }

    synchronized boolean cancelled() {
      return cancelled;
    }
  }

  @Test
  void theSubscriberRequestsAWindowThenOneMorePerCompletedSend() {
    Pipe<Integer> pipe = Pipe.create(); // no reader yet: sends stay outstanding
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(pipe.sender(), 3);
    Upstream up = new Upstream();
    sub.onSubscribe(up);
    assertEquals(3, up.requested());
    for (int i = 0; i < 3; i++) sub.onNext(i);
    assertEquals(3, up.requested(), "no request while the window is outstanding");
    pipe.receiver().receiveAsync();
    assertEquals(4, up.requested(), "a completed send makes room for one more");
    assertThrows(IllegalArgumentException.class, () -> ChanFlow.subscriber(pipe.sender(), 0));
  }

  @Test
  void onCompleteClosesTheSenderAfterEverySend() throws Exception {
    Pipe<Integer> pipe = Pipe.create();
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(pipe.sender());
    sub.onSubscribe(new Upstream());
    for (int i = 0; i < ChanFlow.DEFAULT_WINDOW; i++) sub.onNext(i);
    sub.onComplete();
    assertEquals(IntStream.range(0, ChanFlow.DEFAULT_WINDOW).boxed().toList(),
        within(Drain.start(pipe.receiver()).done));
  }

  @Test
  void onErrorFailsTheSenderWithADocumentedCode() throws Exception {
    Pipe<Integer> pipe = Pipe.create();
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(pipe.sender());
    sub.onSubscribe(new Upstream());
    sub.onError(new IOException("disk gone"));
    ChannelFailedException failed = assertInstanceOf(ChannelFailedException.class,
        failureOf(Drain.start(pipe.receiver()).done));
    assertEquals(CloseCodes.INTERNAL_ERROR, failed.code());
    assertTrue(failed.getMessage().contains("disk gone"), failed.getMessage());

    Pipe<Integer> relay = Pipe.create();
    Flow.Subscriber<Integer> relaying = ChanFlow.subscriber(relay.sender());
    relaying.onSubscribe(new Upstream());
    relaying.onError(new ChannelFailedException(4242, "upstream writer failed"));
    failed = assertInstanceOf(ChannelFailedException.class, failureOf(Drain.start(relay.receiver()).done));
    assertEquals(4242, failed.code(), "a channel failure keeps its code");
  }

  @Test
  void theReceiverClosingCancelsTheSubscription() {
    Pipe<Integer> pipe = Pipe.create();
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(pipe.sender());
    Upstream up = new Upstream();
    sub.onSubscribe(up);
    assertFalse(up.cancelled());
    pipe.receiver().close();
    assertTrue(up.cancelled());

    Upstream second = new Upstream();
    sub.onSubscribe(second);
    assertTrue(second.cancelled(), "Rule 2.5: a second subscription is cancelled");
    assertEquals(0, second.requested());
  }

  @Test
  void theRemoteReceiverCancellingCancelsTheSubscription() throws Exception {
    Session[] s = sessions(4);
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(s[0].newSender(Integer.class));
    Upstream up = new Upstream();
    sub.onSubscribe(up);
    sub.onNext(7);
    Receiver<Integer> in = s[1].accept(Integer.class);
    assertEquals(7, in.receive());
    in.close();
    roundTrip(s[1], s[0]); // the cancel has reached the writer
    assertTrue(up.cancelled());
  }

  @Test
  void aMessageThatCannotBeSentCancelsTheSubscriptionAndEndsTheChannel() throws Exception {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session c = Session.open(t[0], SessionOptions.builder(Session.Role.CLIENT).build()); // jschan-compatible
    Session srv = Session.open(t[1], SessionOptions.builder(Session.Role.SERVER).build());
    open.add(c);
    open.add(srv);
    Sender<Integer> out = c.newSender(Integer.class);
    Flow.Subscriber<Integer> sub = ChanFlow.subscriber(out);
    Upstream up = new Upstream();
    sub.onSubscribe(up);
    sub.onNext(1);
    sub.onNext(0); // a jschan peer would read 0 as the end: refused
    assertTrue(up.cancelled());
    assertTrue(out.isClosed());
    Receiver<Integer> in = srv.accept(Integer.class);
    assertEquals(1, in.receive());
    assertNull(in.receive(), "compat mode has no error frame: the channel ends");
  }
}
