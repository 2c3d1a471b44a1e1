package org.libchan4j.client.vt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libchan4j.testing.Jdks;

/**
 * On Java 21+ (a JDK found on this machine, see {@link Jdks#java21OrLater}) session handlers run on virtual
 * threads by default, and no blocking call of the library pins a carrier: {@link VirtualThreadProbe} blocks a
 * server's handlers and client threads in every blocking call, then a thread dump shows none of them holding or
 * waiting on a monitor, and JFR records no {@code jdk.VirtualThreadPinned} event. The platform thread count does
 * not grow with the sessions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class VirtualThreadsTest {
  private static final int SESSIONS = 180;

  @Test
  void blockingHandlersRunOnVirtualThreadsAndNeverPin(@TempDir Path dir) throws Exception {
    Path java = Jdks.java21OrLater().resolve("bin").resolve("java");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path argFile = dir.resolve("classpath.args"); // the class path can be longer than a command line allows
    Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
    Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "@" + argFile, VirtualThreadProbe.class.getName(),
        Integer.toString(SESSIONS), dir.toString()).redirectErrorStream(true).start();
    Map<String, String> results = new HashMap<>();
    List<String> report = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          String[] kv = line.substring(7).split("=", 2);
          results.put(kv[0], kv[1]);
        } else if (line.startsWith("MONITOR ") || line.startsWith("PINNED ") || line.startsWith("FAILURE ")
            || line.contains("Exception")) {
          report.add(line);
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not exit");
    String context = "probe on " + java + ": " + results + "\n" + String.join("\n", report);
    System.out.println(context);
    assertEquals(0, p.exitValue(), context);
    assertEquals("true", results.get("virtualThreads"), context);
    assertEquals("0", results.get("failures"), context);
    assertEquals(SESSIONS, Integer.parseInt(results.get("handlersVirtual")), "handlers on virtual threads; " + context);
    // Every handler and client thread was parked in a library call when the dump was taken...
    assertEquals(2 * SESSIONS, Integer.parseInt(results.get("blockedThreads")), context);
    assertEquals(2 * SESSIONS, Integer.parseInt(results.get("parked")), context);
    // ...none of them inside synchronized (which pins on Java 21-23), and JFR saw no pinning.
    assertEquals("0", results.get("monitorHolders"), context);
    assertEquals("0", results.get("pinnedEvents"), context);
    // From 9 to 180 blocked sessions (handlers and client threads) the platform threads stay as they were: the
    // server's and the client's I/O threads are a fixed number, started with the first sessions.
    int growth = Integer.parseInt(results.get("platformThreadsBlocked"))
        - Integer.parseInt(results.get("platformThreadsWarm"));
    assertTrue(growth <= 4, "platform threads grew by " + growth + "; " + context);
  }
}
