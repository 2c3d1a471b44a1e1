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
  private final List<Runnable> failureHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean passed;
  private volatile boolean failed;
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

  /**
   * Runs {@code hook} if the script fails or ends without passing (at once if it already has): tests close their
   * sessions there, so that a blocked receive fails at once instead of waiting for the test's timeout.
   */
  void onFailure(Runnable hook) {
    failureHooks.add(hook);
    if (failed) hook.run();
  }

  /** Closes {@code session} if the script fails, with a reason that points to the peer's output. */
  void closesOnFailure(org.libchan4j.Session session) {
    onFailure(() -> session.close(org.libchan4j.CloseCodes.NORMAL, "the jschan peer failed; its output is on stderr"));
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

  /** Kills the process and its children; prints its output if it did not pass (surefire keeps it in the report). */
  @Override
  public void close() {
    if (!passed) System.err.println("jschan peer " + label + " did not pass" + report());
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void failed() {
    if (failed) return;
    failed = true;
    failureHooks.forEach(Runnable::run);
  }

  private Thread drain(InputStream in, boolean stdout) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          String shown = (stdout ? "" : "stderr: ") + line;
          JsonObject event = null;
          if (stdout && line.startsWith("{")) {
            try {
              event = JsonParser.parseString(line).getAsJsonObject();
              if (event.has("message")) shown = "fail: " + event.get("message").getAsString().replace("\n", "\n  ");
            } catch (RuntimeException notJson) {
              // kept in output for the report
            }
          }
          synchronized (output) {
            output.add(shown);
          }
          if (event != null) {
            String name = event.has("event") ? event.get("event").getAsString() : "";
            if (name.equals("pass")) passed = true;
            if (name.equals("fail")) failed();
            events.add(event);
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
      if (stdout) {
        if (!passed) failed();
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
