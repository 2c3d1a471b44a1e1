package org.libchan4j.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;

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

  /** A connected pair of sessions: [client, server]. */
  protected final Session[] connect() throws Exception {
    RawConnection raw = connectRaw();
    Session client = Session.open(raw.client(), options(Session.Role.CLIENT));
    open.add(client);
    open.add(raw);
    return new Session[] {client, raw.server()};
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    afterEachTest();
  }

  /** Runs after each test once its sessions are closed: a subclass's checks on what the test left behind. */
  protected void afterEachTest() {}
}
