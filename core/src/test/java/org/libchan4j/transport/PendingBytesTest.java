package org.libchan4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
 * Frames held for a reference that has not arrived (late rendezvous, PROTOCOL.md 6.5) count their bytes against
 * maxBufferedBytes: maxPendingFrames alone would let a peer park that many frames of maxMessageBytes each.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PendingBytesTest {
  /** {"id": 3, "data": <str of n bytes>}: data for channel 3, whose reference never comes. */
  private static String early(int n) {
    return String.format("82 a2 69 64 03 a4 64 61 74 61 da %04x", n) + " 78".repeat(n);
  }

  private static Session server(InMemoryTransport t) {
    return Session.open(t, SessionOptions.builder(Session.Role.SERVER)
        .limits(Limits.defaults().withMaxBufferedBytes(4096)).build());
  }

  @Test
  void heldFramesBeyondMaxBufferedBytesFailTheSessionWith1008() throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session server = server(wire[0]);
    RawPeer peer = new RawPeer(wire[1]);
    for (int i = 0; i < 5; i++) peer.sendHex(early(1000)); // 5 x 1,013 bytes, far from maxPendingFrames
    assertEquals(CloseCodes.POLICY_VIOLATION, peer.awaitClose());
    assertTrue(peer.closeReason().contains("maxBufferedBytes 4096"), peer.closeReason());
    ExecutionException e = assertThrows(ExecutionException.class, () -> server.closeFuture().get(10, TimeUnit.SECONDS));
    assertEquals(CloseCodes.POLICY_VIOLATION, assertInstanceOf(SessionClosedException.class, e.getCause()).closeCode());
  }

  @Test
  void bytesAreReleasedWhenTheReferenceArrives() throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session server = server(wire[0]);
    RawPeer peer = new RawPeer(wire[1]);
    for (int round = 0; round < 3; round++) {
      long id = 3 + 4L * round;
      String data = String.format("82 a2 69 64 %02x a4 64 61 74 61 da %04x", id, 1000) + " 78".repeat(1000);
      for (int i = 0; i < 3; i++) peer.sendHex(data); // 3 x 1,013 bytes held
      // {"id": id+1... top-level channel carrying the reference (direction 1) to id, then the held frames flow.
      peer.sendHex(String.format("83 a2 69 64 %02x a4 64 61 74 61 c7 05 01 01 00 00 00 %02x a6 70 61 72 65 6e 74 c0",
          id - 2 + 4, id));
      @SuppressWarnings("rawtypes")
      Receiver<Receiver> top = server.accept(Receiver.class);
      Receiver<?> nested = top.receive();
      for (int i = 0; i < 3; i++) assertEquals(1000, ((String) nested.receive()).length());
    }
    assertTrue(server.isOpen());
    server.close();
  }
}
