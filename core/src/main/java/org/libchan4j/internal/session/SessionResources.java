package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;

/** Internal, for tests: what a session still holds; empty once a closed session released everything. */
public final class SessionResources {
  private SessionResources() {}

  /**
   * Open channels, frames held for references, and once the session ended: replay bytes, send completions held by
   * backpressure, blocked sends, buffered bytes, a running timer.
   */
  public static List<String> held(SessionImpl s) {
    List<String> held = new ArrayList<>();
    boolean closed = s.closed != null;
    s.withLock(() -> {
      if (s.engine.openCount() > 0) held.add(s.engine.openCount() + " open channels");
      if (s.engine.heldCount() > 0) held.add(s.engine.heldCount() + " frames held for references");
      if (closed && s.engine.replayBytes() > 0) held.add(s.engine.replayBytes() + " replay bytes");
      if (s.writeGate.heldCount() > 0) held.add(s.writeGate.heldCount() + " send completions held by backpressure");
      if (closed && s.sendRoom.size() > 0) held.add(s.sendRoom.size() + " senders with blocked sends");
      return null;
    });
    if (closed && s.timer().isRunning()) held.add("its timer still running");
    if (closed && s.account().used() > 0) held.add(s.account().used() + " buffered bytes");
    return held;
  }
}
