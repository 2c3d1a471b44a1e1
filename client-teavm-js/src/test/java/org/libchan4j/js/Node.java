package org.libchan4j.js;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system's {@code node} on a script of src/test/js (or any command) and returns its standard output. */
final class Node {
  /** The module directory (Maven runs tests there). */
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path DIST = MODULE.resolve("target/classes/META-INF/resources/libchan4j");
  static final Path TARGET = MODULE.resolve("target");

  private Node() {}

  /** Output of {@code node <script> <args>}; fails with the process's output unless it exits 0 within a minute. */
  static String run(String script, String... args) throws IOException, InterruptedException {
    return run(0, List.of(), script, args);
  }

  /**
   * Output of {@code node <options> <script> <args>} (the script in src/test/js), accepting exit code 0 or
   * {@code okExit}.
   */
  static String run(int okExit, List<String> options, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(options);
    command.add(MODULE.resolve("src/test/js").resolve(script).toString());
    command.addAll(List.of(args));
    return exec(MODULE, okExit, command);
  }

  /**
   * Output of {@code command} run in {@code dir}; fails with the process's output unless it exits 0 (or {@code
   * okExit}) within a minute.
   */
  static String exec(Path dir, int okExit, List<String> command) throws IOException, InterruptedException {
    String name = String.join(" ", command.subList(0, Math.min(3, command.size())));
    Path err = Files.createTempFile(TARGET, "node", ".err");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish within 60 s");
    }
    String stderr = Files.readString(err);
    Files.delete(err);
    String stdout = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 && p.exitValue() != okExit) {
      throw new AssertionError(name + " exited " + p.exitValue() + "\n" + stdout + "\n" + stderr);
    }
    return stdout;
  }
}
