package org.libchan4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the JDKs the sessions-blocking scenario runs its server on: one before Java 21 and one at 21 or later. */
final class Jdks {
  static final Path JVM_DIR = Path.of("/usr/lib/jvm");
  private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

  private Jdks() {}

  /** A JDK home and its feature version (17, 21, 25...). */
  record Jdk(Path home, int feature) {}

  /**
   * The JDK for the Java 17 run: {@code option} (a JDK home) if given; else the harness's own JVM if it is older
   * than 21; else the newest one before 21 under /usr/lib/jvm.
   */
  static Jdk before21(String option) {
    if (option != null) return check(Path.of(option), "--jdk17", false);
    int own = Runtime.version().feature();
    if (own < 21) return new Jdk(Path.of(System.getProperty("java.home")), own);
    return scan(false, "no JDK older than 21 found (the harness runs on " + own + " and none is under " + JVM_DIR
        + "); pass --jdk17=PATH (a JDK home)");
  }

  /**
   * The JDK for the Java 21+ run: {@code option} if given, else {@code LIBCHAN4J_JDK21} (as the tests'
   * {@code org.libchan4j.testing.Jdks}), else the newest JDK 21 or later under /usr/lib/jvm.
   */
  static Jdk from21(String option) {
    if (option != null) return check(Path.of(option), "--jdk21", true);
    String env = System.getenv("LIBCHAN4J_JDK21");
    if (env != null && !env.isBlank()) return check(Path.of(env), "LIBCHAN4J_JDK21", true);
    int own = Runtime.version().feature();
    try {
      return scan(true, null);
    } catch (IllegalStateException e) {
      if (own >= 21) return new Jdk(Path.of(System.getProperty("java.home")), own);
      throw new IllegalStateException("no JDK 21 or later found under " + JVM_DIR
          + " (the harness runs on Java " + own + "); install one or pass --jdk21=PATH (a JDK home)");
    }
  }

  private static Jdk check(Path home, String option, boolean want21) {
    if (!Files.isExecutable(home.resolve("bin/java"))) {
      throw new IllegalStateException(option + "=" + home + ": no bin/java there (expected a JDK home)");
    }
    int feature = feature(home);
    if (feature < 0) throw new IllegalStateException(option + "=" + home + ": no JAVA_VERSION in its release file");
    if (want21 != feature >= 21) {
      throw new IllegalStateException(option + "=" + home + " is Java " + feature + (want21 ? ", not 21 or later"
          : ", not older than 21"));
    }
    return new Jdk(home, feature);
  }

  private static Jdk scan(boolean want21, String failure) {
    Map<Integer, Path> found = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(JVM_DIR)) {
      for (Path d : dirs.sorted().toList()) {
        Path real;
        try {
          real = d.toRealPath();
        } catch (IOException e) {
          continue;
        }
        int f = feature(real);
        if (f > 0 && want21 == f >= 21 && Files.isExecutable(real.resolve("bin/java"))) found.putIfAbsent(f, real);
      }
    } catch (IOException e) {
      // no /usr/lib/jvm
    }
    if (found.isEmpty()) throw new IllegalStateException(failure);
    List<Integer> features = List.copyOf(found.keySet());
    int newest = features.get(features.size() - 1);
    return new Jdk(found.get(newest), newest);
  }

  /** The feature version in {@code home/release}, or -1. */
  static int feature(Path home) {
    try {
      Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
