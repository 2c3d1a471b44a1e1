package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.internal.session.SessionResources;

/**
 * The base of the contract suites: a transport's test implements {@link #connectRaw()}, a server-side session plus
 * an unstarted client transport connected to it, and may choose {@link #mode()}. Each test opens its own
 * connections with {@link #connect()}; they are closed after it.
 */
public abstract class SessionPairs {

  /**
   * Connects a new client transport to a new server-side session (Role.SERVER, {@link #options} for the server
   * role, or whatever the transport negotiates for {@link #mode()}).
   */
  protected abstract RawConnection connectRaw() throws Exception;

  /** The protocol mode the suite runs in; a transport runs the suite once per mode it supports. */
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.COMPAT;
  }

  /** Default options for {@code role} in {@link #mode()}. */
  protected SessionOptions options(Session.Role role) {
    return SessionOptions.builder(role).mode(mode()).build();
  }

  /** What {@link #closeAll} closes after the test, last first; a test may add its own resources. */
  protected final List<AutoCloseable> open = new ArrayList<>();

  private final List<Session> sessions = new ArrayList<>();

  /** A connected pair of sessions: [client, server]. */
  protected final Session[] connect() throws Exception {
    RawConnection raw = connectRaw();
    Session client = openClient(raw);
    open.add(client);
    open.add(raw);
    Session server = raw.server();
    sessions.add(client);
    sessions.add(server);
    return new Session[] {wrap(client), wrap(server)};
  }

  /** Opens the client session over {@code raw}'s transport (a faulty transport's suite reconnects it). */
  protected Session openClient(RawConnection raw) {
    return Session.open(raw.client(), options(Session.Role.CLIENT));
  }

  /** The library's session behind what {@link #connect} returned. */
  protected SessionImpl unwrapped(Session session) {
    return (SessionImpl) session;
  }

  /** What a test gets for each session of a pair (a faulty transport's suite wraps them). */
  protected Session wrap(Session session) {
    return session;
  }

  /**
   * Closes what the test opened, then checks that both sessions of every pair ended and released everything they
   * held (open channels, frames held for references, replay buffers, held send completions, blocked sends, timers).
   */
  @AfterEach
  void closeAll() throws Exception {
    beforeCloseAll();
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    List<String> leaks = new ArrayList<>();
    for (Session s : sessions) {
      try {
        s.closeFuture().get(20, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // ended with a cause: what matters here is that it ended
      } catch (TimeoutException e) {
        leaks.add(s + " did not end within 20 s of the test's close");
      }
      if (s instanceof SessionImpl) {
        for (String r : SessionResources.held((SessionImpl) s)) leaks.add(s + " still holds " + r);
      }
    }
    assertEquals(List.of(), leaks, "what the sessions held after the test");
    afterEachTest();
  }

  /** Runs after each test before its sessions are closed (a faulty transport's suite stops its faults). */
  protected void beforeCloseAll() {}

  /** Runs after each test once its sessions are closed: a subclass's checks on what the test left behind. */
  protected void afterEachTest() {}
}
