package org.libchan4j.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.testing.GatedTransport;
import org.libchan4j.transport.InMemoryTransport;

/**
 * Backpressure in both modes (compat has no flow control of its own): while the transport holds more than its
 * high-water mark unsent, sends stay pending instead of filling memory, and go on once it drains; a peer that
 * never drains ends the session with 1008 after {@link Limits#maxWriteStallMillis}.
 */
class BackpressureTest {

  public record Blob(int n, byte[] bytes) {}

  private static Session[] pair(GatedTransport client, InMemoryTransport server, SessionOptions.Mode mode, Limits limits) {
    Session s = Session.open(server, SessionOptions.builder(Session.Role.SERVER).mode(mode).limits(limits).build());
    Session c = Session.open(client, SessionOptions.builder(Session.Role.CLIENT).mode(mode).limits(limits).build());
    return new Session[] {c, s};
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void sendsWaitWhileTheConnectionIsFullAndGoOnWhenItDrains(SessionOptions.Mode mode) throws Exception {
    InMemoryTransport[] t = InMemoryTransport.pair();
    GatedTransport gated = new GatedTransport(t[0]);
    Session[] s = pair(gated, t[1], mode, Limits.defaults());
    gated.release();
    Sender<Blob> out = s[0].newSender(Blob.class);
    out.send(new Blob(0, new byte[1])); // once the server has it, both hellos have crossed (extended mode)
    Receiver<Blob> in = s[1].accept(Blob.class);
    assertEquals(0, in.receive().n());
    gated.hold();
    CompletableFuture<Void> small = out.sendAsync(new Blob(1, new byte[100]));
    assertTrue(small.isDone(), "under the high-water mark a send completes as before");
    CompletableFuture<Void> big = out.sendAsync(new Blob(2, new byte[2000]));
    assertFalse(big.isDone(), "above the high-water mark the send waits for the connection to drain");
    gated.release();
    big.get(20, TimeUnit.SECONDS);
    out.close();
    assertEquals(1, in.receive().n());
    assertEquals(2, in.receive().n());
    assertEquals(null, in.receive());
    assertTrue(s[0].isOpen() && s[1].isOpen());
    s[0].close();
  }

  @Test
  void aPeerThatNeverDrainsEndsTheSessionWith1008() throws Exception {
    InMemoryTransport[] t = InMemoryTransport.pair();
    GatedTransport gated = new GatedTransport(t[0]);
    Session[] s = pair(gated, t[1], SessionOptions.Mode.COMPAT, Limits.defaults().withMaxWriteStallMillis(200));
    Sender<Blob> out = s[0].newSender(Blob.class);
    CompletableFuture<Void> big = out.sendAsync(new Blob(1, new byte[2000]));
    ExecutionException e = assertThrows(ExecutionException.class, () -> big.get(20, TimeUnit.SECONDS));
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(CloseCodes.POLICY_VIOLATION, closed.closeCode());
    assertTrue(closed.getMessage().contains("maxWriteStallMillis"), closed.getMessage());
    assertEquals(CloseCodes.POLICY_VIOLATION, gated.aborted.get(20, TimeUnit.SECONDS));
    assertFalse(s[0].isOpen());
  }
}
