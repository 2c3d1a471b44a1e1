package org.libchan4j.client.soak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.client.soak.Soak.Config;
import org.libchan4j.client.soak.Soak.Report;

/**
 * A short soak (scripts/soak runs the long one): 50 resumable sessions for 12 s through a proxy that resets a tenth
 * of the connections every 500 ms, every scenario mixed. Nothing may be lost or repeated, every session must close
 * cleanly, and once everything closed the process must be back near where it started.
 */
class SoakTest {
  static final int SESSIONS = 50;
  /** Generous bounds over the baseline (taken after a warm-up) once everything closed. */
  static final double HEAP_MB = 64;
  static final int THREADS = 16;
  static final int DESCRIPTORS = 20;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fiftySessionsWithRandomCutsLoseNothingAndLeaveNothingBehind() throws Exception {
    Report r = Soak.run(new Config(SESSIONS, Duration.ofSeconds(12), 16, Duration.ofMillis(500), 0.1,
        Duration.ofSeconds(1), 17));
    System.out.print(Chart.summary(r));
    assertAll(
        () -> assertEquals(0, r.lost(), "messages lost"),
        () -> assertEquals(0, r.duplicated(), "messages duplicated"),
        () -> assertEquals(0, r.corruptStreams(), "byte streams that arrived short or altered"),
        () -> assertEquals(0, r.errors(), "rounds or handlers that failed"),
        () -> assertEquals(r.sent(), r.received(), "every message sent was received"),
        () -> assertTrue(r.rounds() > 5L * SESSIONS, "rounds ran: " + r.rounds()),
        () -> assertTrue(r.cuts() > 0 && r.suspends() > 0, "connections were cut and sessions suspended"),
        () -> assertEquals(r.suspends(), r.resumes(), "every suspended session resumed"),
        () -> assertEquals(SESSIONS, r.cleanClientCloses(), "client sessions closed cleanly"),
        () -> assertEquals(SESSIONS, r.cleanServerCloses(), "server sessions closed with 1000"),
        () -> assertTrue(r.after().heapMb() <= r.baseline().heapMb() + HEAP_MB,
            "heap back near its baseline: " + r.baseline().heapMb() + " -> " + r.after().heapMb() + " MB"),
        () -> assertTrue(r.after().threads() <= r.baseline().threads() + THREADS,
            "threads back near their baseline: " + r.baseline().threads() + " -> " + r.after().threads()),
        () -> assertTrue(r.after().fds() <= r.baseline().fds() + DESCRIPTORS,
            "descriptors back near their baseline: " + r.baseline().fds() + " -> " + r.after().fds()));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aMessageDroppedOnPurposeIsCountedLost() throws Exception {
    Soak soak = new Soak(new Config(2, Duration.ZERO, 2, Duration.ofDays(1), 0, Duration.ofDays(1), 3));
    soak.handler.dropOne.set(true);
    Report r = soak.soak(null);
    assertEquals(1, r.lost());
    assertEquals(0, r.duplicated());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aMessageSentTwiceOnPurposeIsCountedDuplicated() throws Exception {
    Soak soak = new Soak(new Config(2, Duration.ZERO, 2, Duration.ofDays(1), 0, Duration.ofDays(1), 3));
    soak.handler.duplicateOne.set(true);
    Report r = soak.soak(null);
    assertEquals(0, r.lost());
    assertEquals(1, r.duplicated());
  }
}
