package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.SessionOptions;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.websocket.internal.ContainerTimer;

/**
 * Messages cost the WebSocket container no timer work on either side. Tyrus re-arms a session's idle timer for every
 * message sent or received unless the idle timeout is negative; with a timeout of 0 it scheduled an immediate no-op
 * task per message on its timer thread (four thread wake-ups per request/reply round trip, counting both sides),
 * which {@code WebSocketTransport.attach} now avoids. Both sides' Tyrus timers are {@link ContainerTimer}s, which
 * count what is scheduled on them.
 */
class TimerWorkPerMessageTest {
  record Req(int n, Sender<Integer> reply) {}

  private static final int ROUND_TRIPS = 500;

  @Test
  void requestReplyRoundTripsScheduleNoTimerTasksInExtendedMode() throws Exception {
    roundTrips(SessionOptions.Mode.EXTENDED);
  }

  @Test
  void requestReplyRoundTripsScheduleNoTimerTasksInCompatMode() throws Exception {
    roundTrips(SessionOptions.Mode.COMPAT);
  }

  private static void roundTrips(SessionOptions.Mode mode) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, info) -> {
      for (Req r : session.accept(Req.class)) {
        r.reply().send(r.n() + 1);
        r.reply().close();
      }
    }).build();
    try (ChanServer server = ChanServer.builder(endpoint).build().start();
        Session client = ChanClient.connect(server.uri(), ClientOptions.builder().mode(mode).build())) {
      Sender<Req> requests = client.newSender(Req.class);
      roundTrip(requests, 0); // the channel is open and the handler runs: what follows is per message only
      long before = ContainerTimer.scheduledSoFar();
      for (int i = 1; i <= ROUND_TRIPS; i++) roundTrip(requests, i);
      long scheduled = ContainerTimer.scheduledSoFar() - before;
      // Keepalive and resumption timers are the library's own (SessionTimer), not the container's.
      assertTrue(scheduled < 10, ROUND_TRIPS + " round trips (" + 4 * ROUND_TRIPS
          + " WebSocket messages or more) scheduled " + scheduled + " container timer tasks");
    }
  }

  private static void roundTrip(Sender<Req> requests, int n) throws InterruptedException {
    Pipe<Integer> back = Pipe.buffered(1);
    requests.send(new Req(n, back.sender()));
    Receiver<Integer> replies = back.receiver();
    assertEquals(n + 1, replies.receive());
  }
}
