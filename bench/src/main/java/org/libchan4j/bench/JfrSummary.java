package org.libchan4j.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the JFR recordings {@code bench/run --jfr} leaves in the log directory: for each, the process's main
 * class and arguments, then the hottest frames by self samples (top of stack) and, among libchan4j's own frames,
 * by inclusive samples, with file:line. Usage: {@code JfrSummary [--top=N] file.jfr...}.
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws Exception {
    int top = 15;
    for (String a : args) {
      if (a.startsWith("--top=")) {
        top = Integer.parseInt(a.substring(6));
        continue;
      }
      summarise(Path.of(a), top);
    }
  }

  private static void summarise(Path file, int top) throws Exception {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    String command = "?";
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.JVMInformation")) {
        command = e.getString("javaArguments");
      } else if (type.equals("jdk.ExecutionSample")) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) continue;
        samples++;
        List<RecordedFrame> frames = st.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (n.startsWith("org.libchan4j.") && !n.startsWith("org.libchan4j.bench.") && seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
      }
    }
    System.out.println("== " + file.getFileName() + ": " + command + " (" + samples + " samples)");
    System.out.println("  self (top of stack):");
    print(self, samples, top);
    System.out.println("  libchan4j frames, inclusive:");
    print(inclusive, samples, top);
  }

  private static void print(Map<String, Integer> counts, int total, int top) {
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    String simple = type.substring(type.lastIndexOf('.') + 1);
    int dollar = simple.indexOf('$');
    String file = (dollar >= 0 ? simple.substring(0, dollar) : simple) + ".java";
    return type + "." + f.getMethod().getName() + " (" + file + ":" + f.getLineNumber() + ")";
  }
}
