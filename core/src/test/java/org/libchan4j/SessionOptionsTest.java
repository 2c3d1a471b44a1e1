package org.libchan4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.testing.Refusals.refused;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SessionOptions' defaults, and the refusals every options builder shares (through internal.Options). */
class SessionOptionsTest {

  @Test
  void defaults() {
    SessionOptions o = SessionOptions.builder(Session.Role.CLIENT).build();
    assertEquals(1024, o.channelCapacity());
    assertEquals(1 << 20, o.streamWindow());
    assertEquals(Duration.ofSeconds(25), o.keepAlive());
    assertEquals(Duration.ZERO, o.resumeWindow(), "a bare transport cannot reconnect");
    assertEquals(1 << 20, o.replayWindow());
    assertNull(o.listener());
  }

  @Test
  void invalidValuesAreRefusedWithTheSettingsName() {
    SessionOptions.Builder b = SessionOptions.builder(Session.Role.CLIENT);
    refused("channelCapacity must be >= 0: -1", () -> b.channelCapacity(-1));
    refused("streamWindow must be >= 1024: 1023", () -> b.streamWindow(1023));
    refused("replayWindow must be >= 1024: 0", () -> b.replayWindow(0));
    refused("keepAlive must be >= 0: PT-1S", () -> b.keepAlive(Duration.ofSeconds(-1)));
    refused("resumeWindow must be >= 0: PT-0.001S", () -> b.resumeWindow(Duration.ofMillis(-1)));
    refused("resumeWindow must be at most PT596H31M23.647S (2^31-1 ms): PT596H31M23.648S",
        () -> b.resumeWindow(Duration.ofMillis(Integer.MAX_VALUE + 1L)));
    assertEquals("keepAlive", assertThrows(NullPointerException.class, () -> b.keepAlive(null)).getMessage());
    assertThrows(NullPointerException.class, () -> b.listener(null));
    SessionOptions o = b.build();
    assertEquals(1024, o.channelCapacity(), "a refused value changes nothing");
  }

  @Test
  void theEdgesAreAccepted() {
    SessionOptions o = SessionOptions.builder(Session.Role.SERVER).channelCapacity(0).streamWindow(1024)
        .replayWindow(1024).keepAlive(Duration.ZERO).resumeWindow(Duration.ofMillis(Integer.MAX_VALUE)).build();
    assertEquals(0, o.channelCapacity());
    assertEquals(1024, o.streamWindow());
    assertEquals(Duration.ofMillis(Integer.MAX_VALUE), o.resumeWindow());
  }

  @Test
  void withModeKeepsEverySetting() {
    SessionListener listener = new SessionListener() {};
    SessionOptions o = SessionOptions.builder(Session.Role.CLIENT).channelCapacity(0).streamWindow(4096)
        .listener(listener).build().withMode(SessionOptions.Mode.EXTENDED);
    assertEquals(SessionOptions.Mode.EXTENDED, o.mode());
    assertEquals(0, o.channelCapacity());
    assertEquals(4096, o.streamWindow());
    assertSame(listener, o.listener());
  }
}
