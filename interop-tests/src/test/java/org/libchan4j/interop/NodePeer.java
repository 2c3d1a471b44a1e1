package org.libchan4j.interop;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One node process running a jschan peer script from the module's node directory (where the build ran
 * {@code npm ci}). Reads its JSON result lines (see {@code common.js}); {@link #close()} kills it and its children.
 * A missing node or jschan install fails the test: these tests are never skipped.
 */
final class NodePeer implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 30;

  private final String label;
  private final Process process;
  private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private NodePeer(String label, Process process) {
    this.label = label;
    this.process = process;
    this.stdoutReader = drain(process.getInputStream(), true);
    this.stderrReader = drain(process.getErrorStream(), false);
  }

  /** Starts {@code node <script> <args...>}. */
  static NodePeer start(String script, String... args) throws IOException {
    Path dir = nodeDir();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    return new NodePeer(script + " " + String.join(" ", args), p);
  }

  /** The directory holding the scripts and node_modules/jschan, set by the build. */
  static Path nodeDir() {
    String dir = System.getProperty("interop.node.dir");
    if (dir == null) throw new AssertionError("system property interop.node.dir is not set (run the tests with Maven)");
    Path path = Path.of(dir);
    if (!Files.isDirectory(path.resolve("node_modules/jschan"))) {
      throw new AssertionError("jschan is not installed in " + path + ": the build's npm ci step did not run");
    }
    return path;
  }

  /** Waits for the {@code listening} line of a server script and returns its port. */
  int awaitPort() throws InterruptedException {
    return awaitEvent("listening").get("port").getAsInt();
  }

  /** Waits for a line {@code {"event": name}}; fails with the peer's output if it ends or fails first. */
  JsonObject awaitEvent(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) throw new AssertionError("no '" + name + "' from " + label + " within " + TIMEOUT_SECONDS + " s" + report());
      String event = e.has("event") ? e.get("event").getAsString() : "";
      if (event.equals(name)) return e;
      if (event.equals("fail") || event.equals("exit")) {
        throw new AssertionError("waiting for '" + name + "', " + label + " ended" + report());
      }
    }
  }

  /** Waits for the script to pass: a {@code pass} line and exit code 0. */
  void awaitPass() throws InterruptedException {
    awaitEvent("pass");
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) throw new AssertionError(label + " did not exit" + report());
    if (process.exitValue() != 0) throw new AssertionError(label + " exited with " + process.exitValue() + report());
  }

  /** The peer's stdout and stderr so far, for failure messages. */
  String report() {
    try {
      stdoutReader.join(200);
      stderrReader.join(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (output) {
      return output.isEmpty() ? " (no output)" : "; its output:\n  " + String.join("\n  ", output);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Thread drain(InputStream in, boolean stdout) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.add((stdout ? "" : "stderr: ") + line);
          }
          if (stdout && line.startsWith("{")) {
            try {
              events.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (RuntimeException notJson) {
              // kept in output for the report
            }
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
      if (stdout) {
        JsonObject exit = new JsonObject();
        exit.addProperty("event", "exit");
        events.add(exit);
      }
    }, "node-" + (stdout ? "stdout" : "stderr"));
    t.setDaemon(true);
    t.start();
    return t;
  }
}
