package org.libchan4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.CloseCodes;

class ShutdownTest {

  @Test
  void openSessionsSee1001AndEveryThreadIsReleased() throws Exception {
    // The client exists before the baseline, and runs its callbacks inline: its threads are not counted.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    int before = Thread.activeCount();

    ChanServer server = ChanServer.builder(TestEndpoints.echo().build()).build().start();
    List<WsProbe> probes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      WsProbe p = WsProbe.connect(http, server.uri(), Map.of());
      p.send(new byte[] {(byte) i});
      assertEquals(i, p.next()[0]);
      probes.add(p);
    }
    assertEquals(3, server.endpoint().openConnections());
    assertTrue(Thread.activeCount() > before);

    assertTrue(server.shutdown(Duration.ofSeconds(10)), "clean shutdown");
    for (WsProbe p : probes) {
      assertEquals(CloseCodes.GOING_AWAY, p.awaitClose());
      assertEquals("server shutting down", p.closeReason);
    }
    assertEquals(0, server.endpoint().openConnections());

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Thread.activeCount() > before && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // polling a condition, bounded by the deadline
    }
    assertTrue(Thread.activeCount() <= before,
        () -> "threads left: " + Thread.activeCount() + " > " + before + ": " + threadNames());
  }

  private static List<String> threadNames() {
    List<String> names = new ArrayList<>();
    Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
    return names;
  }
}
