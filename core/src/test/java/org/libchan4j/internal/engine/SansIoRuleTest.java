package org.libchan4j.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine and codec are compiled to JavaScript by TeaVM and must stay sans-I/O: no threads, locks, timers,
 * reflection, futures or NIO channels, and nothing outside the JDK and this project's public API.
 */
class SansIoRuleTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "java\\.util\\.concurrent|java\\.lang\\.reflect|java\\.nio\\.channels|java\\.util\\.Timer|\\bThread\\b"
          + "|\\bsynchronized\\b|CompletableFuture|\\.wait\\(|\\.notify|Class\\.forName|getDeclared|java\\.io\\.File"
          + "|java\\.net\\.|java\\.util\\.logging|System\\.getLogger|com\\.google|org\\.libchan4j\\.internal\\.(session|binding)");

  @Test
  void engineAndCodecUseNoThreadsLocksTimersOrReflection() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    for (String pkg : List.of("org/libchan4j/internal/engine", "org/libchan4j/internal/msgpack")) {
      Path dir = Path.of("src/main/java").resolve(pkg);
      assertTrue(Files.isDirectory(dir), "missing " + dir.toAbsolutePath());
      try (Stream<Path> paths = Files.list(dir)) {
        for (Path p : (Iterable<Path>) paths.filter(f -> f.toString().endsWith(".java"))::iterator) {
          files++;
          List<String> lines = Files.readAllLines(p);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) continue;
            if (FORBIDDEN.matcher(line).find()) violations.add(p.getFileName() + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertTrue(files >= 5, "expected the engine and codec sources, found " + files + " files");
    assertEquals(List.of(), violations);
  }
}
