package org.libchan4j;

import java.util.concurrent.Flow;
import org.libchan4j.transport.InMemoryTransport;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK on {@link ChanFlow#publisher} over session channels: two extended-mode sessions over
 * {@link InMemoryTransport}, the client writing each publisher's messages on a new top-level channel (capacity 4, so
 * credit runs out and comes back during most tests), the server publishing what it accepts. Skipped tests: see
 * {@link StrictPublisherVerification}.
 */
public class ChanFlowSessionPublisherTckTest extends StrictPublisherVerification {
  private Session client;
  private Session server;

  @BeforeClass
  public void openSessions() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    client = Session.open(t[0], SessionOptions.builder(Session.Role.CLIENT).mode(SessionOptions.Mode.EXTENDED).build());
    server = Session.open(t[1], SessionOptions.builder(Session.Role.SERVER).mode(SessionOptions.Mode.EXTENDED)
        .channelCapacity(4).build());
  }

  @AfterClass(alwaysRun = true)
  public void closeSessions() {
    client.close();
    server.close();
  }

  @Override
  public Flow.Publisher<Integer> createFlowPublisher(long elements) {
    Feed.start(client.newSender(Integer.class), elements);
    return ChanFlow.publisher(accept());
  }

  @Override
  public Flow.Publisher<Integer> createFailedFlowPublisher() {
    client.<Integer>newSender(Integer.class).fail(4242, "the writer failed");
    return ChanFlow.publisher(accept());
  }

  /** The channel just opened: createFlowPublisher runs on one thread, so channels arrive in the order opened. */
  private Receiver<Integer> accept() {
    try {
      return server.accept(Integer.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
