package org.libchan4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shape every Java server process shares: prints {@code listening} with its URL (and its Java version), then
 * serves until stdin ends (the harness closes it, or dies). Stdin lines are commands: {@code heap} answers with the
 * used heap after full GCs, {@code stats} with that and the process's threads and RSS; a server adds its own
 * ({@code publish 3}: the first word picks the command, which gets all the words).
 */
public final class ServerMain {
  private ServerMain() {}

  /** A server-specific stdin command; it answers with {@link Emit} events. */
  public interface Command {
    void run(String[] words) throws Exception;
  }

  public static void serve(String url, AutoCloseable server) {
    serve(url, server, Map.of());
  }

  public static void serve(String url, AutoCloseable server, Map<String, Command> commands) {
    Emit.event("listening", "url", url, "java", Runtime.version().toString());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] words = line.trim().split("\\s+");
        Command c = commands.get(words[0]);
        if (c != null) c.run(words);
        else if (words[0].equals("heap")) Emit.event("heap", "bytes", usedHeapAfterGc());
        else if (words[0].equals("stats")) stats();
        else if (!words[0].isEmpty()) Emit.event("error", "message", "unknown command " + line);
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

  /**
   * Used heap after GC, live platform threads (virtual threads are not counted by {@link ThreadMXBean}), the peak
   * since the previous {@code stats} (then reset), the resident set size, the CPU time used so far, and the counts
   * of memory mappings and open descriptors (the kernel limits that many sessions run into).
   */
  private static void stats() throws InterruptedException {
    long heap = usedHeapAfterGc();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int live = threads.getThreadCount();
    int peak = threads.getPeakThreadCount();
    threads.resetPeakThreadCount();
    Emit.event("stats", "heapBytes", heap, "threads", live, "peakThreads", peak, "rssBytes", rssBytes(),
        "cpuNanos", cpuNanos(), "maps", mapCount(), "fds", descriptors(), "java", Runtime.version().toString());
  }

  /** CPU time this process used so far (all threads, user + system), or -1 where the JVM cannot tell. */
  public static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Memory mappings of this process (vm.max_map_count bounds them: each platform thread's stack adds some). */
  public static long mapCount() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /** Open file descriptors of this process (sockets included), or -1 without /proc. */
  public static long descriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** VmRSS from /proc/self/status, in bytes; -1 where there is no /proc (not Linux). */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
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
