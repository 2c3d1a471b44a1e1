package org.libchan4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Receiver;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.testing.RawPeer;

/**
 * Top-level channels waiting for {@code accept} count against maxOpenChannels even when the peer ended them in the
 * same frame ({@code {"id": n, "parent": nil}}), which frees their id at once: otherwise a peer could queue them
 * without bound for an application that does not accept them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnacceptedChannelsTest {
  private static String openEnded(int id) {
    return String.format("82 a2 69 64 %02x a6 70 61 72 65 6e 74 c0", id);
  }

  private static Session server(InMemoryTransport t) {
    return Session.open(t, SessionOptions.builder(Session.Role.SERVER)
        .limits(Limits.defaults().withMaxOpenChannels(4)).build());
  }

  @Test
  void endedChannelsNobodyAcceptsFailTheSessionWith1008() throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session server = server(wire[0]);
    RawPeer peer = new RawPeer(wire[1]);
    for (int id = 1; id <= 9; id += 2) peer.sendHex(openEnded(id)); // five channels, none accepted
    assertEquals(CloseCodes.POLICY_VIOLATION, peer.awaitClose());
    assertTrue(peer.closeReason().contains("maxOpenChannels 4"), peer.closeReason());
    ExecutionException e = assertThrows(ExecutionException.class, () -> server.closeFuture().get(10, TimeUnit.SECONDS));
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(CloseCodes.POLICY_VIOLATION, closed.closeCode());
  }

  @Test
  void acceptedChannelsNoLongerCount() throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session server = server(wire[0]);
    RawPeer peer = new RawPeer(wire[1]);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) peer.sendHex(openEnded(8 * round + 2 * i + 1));
      for (int i = 0; i < 4; i++) {
        Receiver<Object> r = server.accept(Object.class);
        assertNull(r.receive(), "opened already ended");
      }
    }
    assertTrue(server.isOpen());
    server.close();
  }
}
