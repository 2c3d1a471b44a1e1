package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.client.internal.ClientRuntime;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/** Sessions (not raw transports) on both sides across a server shutdown and a failing session handler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionLifecycleTest {

  public record Hello(String text, int n, Sender<Hello> back) {}

  @Test
  void shutdownEndsOpenChannelsWith1001AndReleasesEveryThread() throws Exception {
    // Whatever an earlier test left of the client runtime stops first, so the baseline holds none of it.
    ClientRuntimeTest.await(() -> ClientRuntimeTest.count(ClientRuntime.THREAD_PREFIX) == 0, "no client runtime");
    int before = Thread.activeCount();

    BlockingQueue<SessionClosedException> serverSide = new LinkedBlockingQueue<>();
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      Receiver<Hello> in = session.accept(Hello.class);
      Hello first = in.receive();
      Sender<Hello> push = session.newSender(Hello.class); // stays open toward the client
      push.send(new Hello("pushed", first.n(), null));
      try {
        in.receive(); // the client never sends more, and first.back() is never answered
      } catch (SessionClosedException e) {
        serverSide.add(e);
      }
    }).build()).build().start();

    List<Session> clients = new ArrayList<>();
    List<Receiver<Hello>> pushed = new ArrayList<>();
    List<Pipe<Hello>> unanswered = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Session c = ChanClient.connect(server.uri());
      clients.add(c);
      Pipe<Hello> back = Pipe.create();
      unanswered.add(back);
      c.newSender(Hello.class).send(new Hello("hi", i, back.sender()));
      Receiver<Hello> p = c.accept(Hello.class);
      assertEquals(i, p.receive().n());
      pushed.add(p);
    }

    assertTrue(server.shutdown(Duration.ofSeconds(10)), "clean shutdown");
    for (int i = 0; i < 3; i++) {
      assertNull(clients.get(i).closeFuture().get(10, TimeUnit.SECONDS), "1001 is an orderly close");
      assertClosedWith1001(pushed.get(i)::receive);
      assertClosedWith1001(unanswered.get(i).receiver()::receive);
    }
    for (int i = 0; i < 3; i++) {
      SessionClosedException e = serverSide.poll(10, TimeUnit.SECONDS);
      assertTrue(e != null && e.closeCode() == CloseCodes.GOING_AWAY, "server handler saw " + e);
    }

    ClientRuntimeTest.await(() -> Thread.activeCount() <= before,
        "the thread count returns to " + before + " (server and client runtime stopped)");
  }

  private interface Receive {
    Object call() throws Exception;
  }

  private static void assertClosedWith1001(Receive receive) {
    SessionClosedException e = assertThrows(SessionClosedException.class, receive::call);
    assertEquals(CloseCodes.GOING_AWAY, e.closeCode(), e.getMessage());
  }

  @Test
  void aThrowingHandlerClosesOnlyItsSessionWith1011AndIsLogged() throws Exception {
    BlockingQueue<LogRecord> errors = new LinkedBlockingQueue<>();
    Logger log = Logger.getLogger(ChanEndpoint.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      if ("fail".equals(handshake.query())) throw new IllegalStateException("handler bug for the test");
      for (Hello h : session.accept(Hello.class)) {
        h.back().send(new Hello("echo", h.n(), null));
        h.back().close();
      }
    }).build()).build().start();
    try (Session healthy = ChanClient.connect(server.uri())) {
      Sender<Hello> requests = healthy.newSender(Hello.class);
      assertEcho(requests, 1);

      Session failing = ChanClient.connect(URI.create(server.uri() + "?fail"));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> failing.closeFuture().get(10, TimeUnit.SECONDS));
      SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
      assertEquals(CloseCodes.INTERNAL_ERROR, closed.closeCode());
      assertTrue(closed.getMessage().contains("session handler failed"), closed.getMessage());

      LogRecord logged = errors.poll(10, TimeUnit.SECONDS);
      assertTrue(logged != null && logged.getThrown() instanceof IllegalStateException
          && "handler bug for the test".equals(logged.getThrown().getMessage()), "logged: " + logged);

      assertEcho(requests, 2);
      assertTrue(healthy.isOpen());
    } finally {
      log.removeHandler(capture);
      server.shutdown(Duration.ofSeconds(10));
    }
  }

  private static void assertEcho(Sender<Hello> requests, int n) throws Exception {
    Pipe<Hello> back = Pipe.create();
    requests.send(new Hello("ping", n, back.sender()));
    assertEquals(n, back.receiver().receiveAsync().get(10, TimeUnit.SECONDS).n());
  }
}
