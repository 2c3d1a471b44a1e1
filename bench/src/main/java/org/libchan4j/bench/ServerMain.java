package org.libchan4j.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The shape every Java server process shares: prints {@code listening} with its URL, then serves until stdin ends
 * (the harness closes it, or dies). The stdin line {@code heap} answers with the used heap after full GCs.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void serve(String url, AutoCloseable server) {
    Emit.event("listening", "url", url);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.trim().equals("heap")) Emit.event("heap", "bytes", usedHeapAfterGc());
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
    try {
      server.close();
    } catch (Exception e) {
      e.printStackTrace();
    }
    ClientMain.exit(0);
  }

  /** Used heap after a few full collections, with short pauses for reference processing to settle. */
  public static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
