package org.libchan4j.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.libchan4j.CloseCodes;

/** The lifecycle rules the JVM and the browser share (the browser build runs the same class). */
class SessionRulesTest {

  @Test
  void tickPeriodIsAQuarterOfTheShorterIntervalAndAtLeastTenMillis() {
    assertEquals(6_250, SessionRules.tickPeriod(25_000, 30_000));
    assertEquals(2_500, SessionRules.tickPeriod(25_000, 10_000));
    assertEquals(6_250, SessionRules.tickPeriod(25_000, 0));
    assertEquals(7_500, SessionRules.tickPeriod(0, 30_000));
    assertEquals(10, SessionRules.tickPeriod(20, 0));
    assertEquals(0, SessionRules.tickPeriod(0, 0), "neither on: no timer");
  }

  @Test
  void dropsAreLostConnectionsNotCloses() {
    assertTrue(SessionRules.isDrop(CloseCodes.ABNORMAL, false));
    assertTrue(SessionRules.isDrop(CloseCodes.KEEPALIVE_TIMEOUT, false));
    assertTrue(SessionRules.isDrop(CloseCodes.NORMAL, true), "a local I/O failure");
    assertFalse(SessionRules.isDrop(CloseCodes.NORMAL, false));
    assertFalse(SessionRules.isDrop(CloseCodes.GOING_AWAY, false));
    assertFalse(SessionRules.isDrop(CloseCodes.RESUME_REFUSED, false));
    assertFalse(SessionRules.isDrop(CloseCodes.POLICY_VIOLATION, false));
  }

  @Test
  void orderlyCodesAndTheResumeDeadline() {
    assertTrue(SessionRules.isOrderly(1000) && SessionRules.isOrderly(1001) && SessionRules.isOrderly(1005));
    assertFalse(SessionRules.isOrderly(1006) || SessionRules.isOrderly(1008) || SessionRules.isOrderly(4000));
    assertFalse(SessionRules.resumeExpired(1_000, 30_999, 30_000));
    assertTrue(SessionRules.resumeExpired(1_000, 31_000, 30_000));
  }

  @Test
  void reconnectDelayDoublesUpToTheMaximumWithAtMostTwentyPercentJitter() {
    assertEquals(100, SessionRules.reconnectDelay(0, 100, 5_000, 0));
    assertEquals(200, SessionRules.reconnectDelay(1, 100, 5_000, 0));
    assertEquals(3_200, SessionRules.reconnectDelay(5, 100, 5_000, 0));
    assertEquals(5_000, SessionRules.reconnectDelay(6, 100, 5_000, 0));
    assertEquals(5_000, SessionRules.reconnectDelay(1_000, 100, 5_000, 0), "no overflow for many failures");
    assertEquals(6_000, SessionRules.reconnectDelay(9, 100, 5_000, 1.0));
  }

  @Test
  void reasonsAreCutToOneHundredTwentyThreeUtf8BytesBetweenCharacters() {
    assertEquals("", SessionRules.truncateReason(null));
    String ascii = "a".repeat(200);
    assertEquals(123, SessionRules.truncateReason(ascii).length());
    String twoByte = "é".repeat(100); // 200 bytes
    String cut = SessionRules.truncateReason(twoByte);
    assertEquals(61, cut.length(), "61 characters = 122 bytes; the 62nd would make 124");
    String emoji = "x" + "😀".repeat(40); // 1 + 160 bytes
    String e = SessionRules.truncateReason(emoji);
    assertEquals(1 + 4 * 30, e.getBytes(StandardCharsets.UTF_8).length, "a surrogate pair is never split");
    assertTrue(Character.isLowSurrogate(e.charAt(e.length() - 1)));
    assertEquals("short", SessionRules.truncateReason("short"));
  }
}
