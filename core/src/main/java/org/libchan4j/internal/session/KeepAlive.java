package org.libchan4j.internal.session;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Internal: one daemon timer thread for every session's keepalive, gone when no session needs it. */
final class KeepAlive {
  private KeepAlive() {}

  static final ScheduledThreadPoolExecutor SCHEDULER = create();

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "libchan4j-keepalive");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    s.setKeepAliveTime(1, TimeUnit.SECONDS);
    s.allowCoreThreadTimeOut(true);
    return s;
  }
}
