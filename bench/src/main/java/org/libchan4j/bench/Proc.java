package org.libchan4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the harness: its {@link Emit} events arrive in a queue, everything else it prints goes to
 * {@code <logDir>/<name>.log}. {@link #close()} ends stdin, waits up to 15 s (a JFR dump), then kills it and its descendants.
 */
final class Proc implements AutoCloseable {
  private static final Map<String, Object> EXITED = Map.of("event", "exit");

  private final String name;
  private final Process process;
  private final Path log;
  private final Writer stdin;
  private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();

  private Proc(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, "stdout of " + name);
    reader.setDaemon(true);
    reader.start();
  }

  static Proc start(String name, List<String> command, Path logDir) throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Files.writeString(log, "$ " + String.join(" ", command) + "\n");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new Proc(name, pb.start(), log);
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Map<String, Object> event = null;
        if (line.startsWith("{")) {
          try {
            event = Emit.parse(line);
          } catch (RuntimeException e) {
            // not ours: log it
          }
        }
        if (event != null && event.get("event") instanceof String) {
          events.add(event);
        } else {
          Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      events.add(EXITED);
    }
  }

  /** The next event, which must be {@code event}; an {@code error} event, an exit or the timeout throw. */
  Map<String, Object> await(String event, Duration timeout) throws BenchException, InterruptedException {
    Map<String, Object> e = next(timeout);
    if (!event.equals(e.get("event"))) throw failure("expected " + event + ", got " + e);
    return e;
  }

  /** The next event (an {@code exit} event once the process closed its stdout); {@code error} throws. */
  Map<String, Object> next(Duration timeout) throws BenchException, InterruptedException {
    Map<String, Object> e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) throw failure("no event within " + timeout.toSeconds() + " s");
    if ("error".equals(e.get("event"))) throw failure("reported: " + e.get("message"));
    if (e == EXITED) events.add(EXITED); // stays visible to later calls
    return e;
  }

  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** Waits for the process to exit on its own; true if it did, with exit code 0. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
  }

  BenchException failure(String what) {
    return new BenchException(name + ": " + what + " (log: " + log + ")\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A child process failed or misbehaved. */
  static final class BenchException extends Exception {
    BenchException(String message) {
      super(message);
    }
  }
}
