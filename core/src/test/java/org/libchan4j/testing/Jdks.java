package org.libchan4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The JDKs of this machine, for tests that need a newer Java than the one running the build. */
public final class Jdks {
  /** Names a JDK (its home directory) for {@link #java21OrLater}. */
  public static final String PROPERTY = "libchan4j.jdk21";

  private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

  private Jdks() {}

  /**
   * The home of a JDK of Java 21 or later: {@code -Dlibchan4j.jdk21}, the environment variable
   * {@code LIBCHAN4J_JDK21}, the running JDK, or the newest under {@code /usr/lib/jvm}. Throws {@link AssertionError}
   * naming what was looked at when there is none: the tests that need one fail rather than skip.
   */
  public static Path java21OrLater() {
    List<String> looked = new ArrayList<>();
    for (String named : new String[] {System.getProperty(PROPERTY), System.getenv("LIBCHAN4J_JDK21")}) {
      if (named == null || named.isBlank()) continue;
      Path home = Path.of(named);
      int feature = feature(home);
      if (feature >= 21) return home;
      throw new AssertionError(home + " (from -D" + PROPERTY + " or LIBCHAN4J_JDK21) is "
          + (feature < 0 ? "not a JDK home (no release file or bin/java)" : "Java " + feature) + ", not 21+");
    }
    Path running = Path.of(System.getProperty("java.home"));
    if (Runtime.version().feature() >= 21) return running;
    looked.add(running + " (Java " + Runtime.version().feature() + ")");
    Path best = null;
    int bestFeature = 0;
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
          int feature = feature(home);
          looked.add(home + (feature < 0 ? " (no JDK)" : " (Java " + feature + ")"));
          if (feature >= 21 && feature > bestFeature) {
            best = home;
            bestFeature = feature;
          }
        }
      } catch (IOException e) {
        looked.add(jvms + " (" + e + ")");
      }
    }
    if (best != null) return best;
    throw new AssertionError("This test needs a JDK of Java 21 or later and found none. Looked at: " + looked
        + ". Install one under /usr/lib/jvm (e.g. Temurin 21+), or name its home with -D" + PROPERTY
        + "=/path or LIBCHAN4J_JDK21=/path.");
  }

  /** The feature version of the JDK at {@code home}, or -1 if it is not one. */
  static int feature(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) return -1;
    try {
      Matcher m = VERSION.matcher(Files.readString(release));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
