package org.libchan4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published JVM jars are named modules (module-info.java) that export their API packages and no internal one:
 * checked on their descriptors, by javac refusing a consumer module that imports an internal package, and by
 * running a consumer module that uses the server, the client and the sockets with everything on the module path.
 *
 * <p>The modules are found on this test's class path: the reactor's jars in {@code mvn verify}, its class
 * directories in {@code mvn test}; both hold the compiled module-info.
 */
class ModulesTest {
  /** The published JVM modules (libchan4j-client-js has none: its Java classes are TeaVM input, not JVM API). */
  private static final Set<String> MODULES = Set.of("org.libchan4j.core", "org.libchan4j.websocket",
      "org.libchan4j.server", "org.libchan4j.client", "org.libchan4j.socket");

  /**
   * Who else may see an internal package: Tyrus, which instantiates the Java client's container from its class name
   * and calls the server endpoint's methods (declared in server.internal.EndpointBase) reflectively.
   */
  private static final Map<String, Set<String>> INTERNAL_FRIENDS = Map.of(
      "org.libchan4j.client.internal", Set.of("org.glassfish.tyrus.core"),
      "org.libchan4j.server.internal", Set.of("org.glassfish.tyrus.core"));

  /** Every explicit (non-automatic) module among the class path's entries, by name: libchan4j's and its libraries'. */
  private static final Map<String, ModuleReference> EXPLICIT = explicitModules();

  @Test
  void eachModuleExportsItsApiPackagesAndNoInternalOne() {
    Map<String, ModuleDescriptor> ours = new TreeMap<>();
    EXPLICIT.forEach((name, ref) -> {
      if (name.startsWith("org.libchan4j.")) ours.put(name, ref.descriptor());
    });
    assertEquals(Set.copyOf(MODULES), ours.keySet(), "the published jars carry a module-info");
    for (ModuleDescriptor d : ours.values()) {
      assertFalse(d.isOpen(), d.name() + " is not an open module");
      assertTrue(d.opens().isEmpty(), d.name() + " opens no package: " + d.opens());
      for (String pkg : d.packages()) {
        Optional<Exports> export = d.exports().stream().filter(e -> e.source().equals(pkg)).findFirst();
        if (isInternal(pkg)) {
          export.ifPresent(e -> {
            assertTrue(e.isQualified(), d.name() + " exports " + pkg + " to everyone");
            Set<String> allowed = new TreeSet<>(MODULES);
            allowed.addAll(INTERNAL_FRIENDS.getOrDefault(pkg, Set.of()));
            assertTrue(allowed.containsAll(e.targets()), d.name() + " exports " + pkg + " beyond libchan4j: " + e);
          });
        } else {
          assertTrue(export.isPresent() && !export.get().isQualified(), d.name() + " exports its API " + pkg);
        }
      }
    }
  }

  @Test
  void javacRefusesAConsumerModuleThatImportsAnInternalPackage(@TempDir Path dir) throws IOException {
    List<String> internal = new ArrayList<>();
    List<String> api = new ArrayList<>();
    for (String module : MODULES) {
      ModuleReference ref = EXPLICIT.get(module);
      for (String pkg : ref.descriptor().packages()) {
        publicClassIn(ref, pkg).ifPresent(c -> (isInternal(pkg) ? internal : api).add(c));
      }
    }
    assertTrue(internal.size() >= 10, "a public class in each internal package: " + internal);

    // The control: the same consumer importing a public class of each API package compiles.
    List<Diagnostic<? extends JavaFileObject>> fine = compile(probe(dir.resolve("api"), api), dir.resolve("api-out"));
    assertEquals(List.of(), errors(fine), "a consumer of the API packages compiles");

    List<Diagnostic<? extends JavaFileObject>> refused =
        compile(probe(dir.resolve("internal"), internal), dir.resolve("internal-out"));
    String messages = errors(refused).stream().collect(Collectors.joining("\n"));
    for (String className : internal) {
      String pkg = className.substring(0, className.lastIndexOf('.'));
      assertTrue(messages.contains("package " + pkg + " is not visible"), pkg + " is refused:\n" + messages);
    }
  }

  @Test
  void aConsumerModuleRunsSessionsOverWebSocketAndTcpOnTheModulePath(@TempDir Path dir) throws Exception {
    Path src = Path.of(ModulesTest.class.getResource("/module-consumer").toURI());
    List<Path> sources;
    try (Stream<Path> files = Files.walk(src)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    Path out = dir.resolve("consumer");
    assertEquals(List.of(), errors(compile(sources, out)), "the consumer compiles");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("consumer.log");
    Process p = new ProcessBuilder(java, "--module-path", out + File.pathSeparator + modulePath(),
        "-m", "consumer/consumer.Main").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS); // bounds a hung child; the consumer takes about a second
    if (!exited) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    String output = Files.readString(log);
    assertTrue(exited, "the consumer exits within 60 s:\n" + output);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("websocket: over websocket"), output);
    assertTrue(output.contains("socket: over tcp"), output);
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  /** A public top-level class of {@code pkg}, loaded (not initialised) from the test's class path. */
  private static Optional<String> publicClassIn(ModuleReference ref, String pkg) throws IOException {
    String prefix = pkg.replace('.', '/') + '/';
    try (ModuleReader reader = ref.open(); Stream<String> entries = reader.list()) {
      return entries
          .filter(e -> e.startsWith(prefix) && e.endsWith(".class") && e.indexOf('/', prefix.length()) < 0)
          .filter(e -> !e.contains("$") && !e.endsWith("package-info.class"))
          .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .filter(ModulesTest::isPublic)
          .findFirst();
    }
  }

  private static boolean isPublic(String className) {
    try {
      return Modifier.isPublic(Class.forName(className, false, ModulesTest.class.getClassLoader()).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** A consumer module, requiring every published module, whose one class imports {@code classes}. */
  private static List<Path> probe(Path src, List<String> classes) throws IOException {
    Files.createDirectories(src.resolve("probe"));
    String requires = MODULES.stream().sorted().map(m -> "  requires " + m + ";\n").collect(Collectors.joining());
    Path info = Files.writeString(src.resolve("module-info.java"), "module probe {\n" + requires + "}\n");
    StringBuilder probe = new StringBuilder("package probe;\n\n");
    for (String c : classes) probe.append("import ").append(c).append(";\n");
    probe.append("\nclass Probe {\n");
    for (int i = 0; i < classes.size(); i++) {
      probe.append("  Class<?> c").append(i).append(" = ").append(classes.get(i)).append(".class;\n");
    }
    Path probeClass = Files.writeString(src.resolve("probe/Probe.java"), probe.append("}\n"));
    return List.of(info, probeClass);
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(List<Path> sources, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "--module-path", modulePath(), "-d", out.toString());
      javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    return diagnostics.getDiagnostics();
  }

  private static List<String> errors(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
  }

  /** The explicit modules only: automatic ones would need names derived from file names, which can fail. */
  private static String modulePath() {
    return EXPLICIT.values().stream().map(ref -> Path.of(ref.location().orElseThrow()).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Map<String, ModuleReference> explicitModules() {
    Map<String, ModuleReference> modules = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      // A directory without module-info.class would be read as a directory of modules: only exploded modules.
      if (Files.isDirectory(path) && !Files.exists(path.resolve("module-info.class"))) continue;
      if (!Files.exists(path)) continue;
      try {
        for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
          if (!ref.descriptor().isAutomatic()) modules.putIfAbsent(ref.descriptor().name(), ref);
        }
      } catch (FindException e) {
        // Not a module and no name can be derived for it: not needed on the module path.
      } catch (UncheckedIOException e) {
        throw new AssertionError("unreadable class path entry " + path, e);
      }
    }
    return modules;
  }
}
