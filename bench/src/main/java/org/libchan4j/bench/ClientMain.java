package org.libchan4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The shape every Java client process shares: for each scenario, a warm-up round and a measured round, results as
 * {@link Emit} lines. A system implements {@link Driver}.
 */
public final class ClientMain {

  /** One system's client side. Rounds run on a fresh connection per scenario. */
  public interface Driver {
    /** Runs {@code scenario} (warm-up, then measured) and emits its results. */
    void run(Scenario scenario, ClientArgs args) throws Exception;

    /** Opens {@code n} idle sessions and keeps them; {@link #closeIdle} follows. */
    void openIdle(ClientArgs args, int n) throws Exception;

    void closeIdle() throws Exception;
  }

  private ClientMain() {}

  public static void run(String[] argv, Driver driver) {
    ClientArgs args = ClientArgs.parse(argv);
    int code = 0;
    try {
      for (Scenario s : args.scenarios()) {
        if (s == Scenario.IDLE_HEAP) {
          long t0 = System.nanoTime();
          driver.openIdle(args, args.idle());
          System.err.printf("opened %d idle sessions in %.1f s%n", args.idle(), (System.nanoTime() - t0) / 1e9);
          Emit.event("ready", "sessions", args.idle());
          awaitStdinEnd();
          t0 = System.nanoTime();
          driver.closeIdle();
          System.err.printf("closed them in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } else {
          driver.run(s, args);
        }
      }
    } catch (Throwable e) {
      e.printStackTrace();
      Emit.event("error", "message", String.valueOf(e));
      code = 1;
    }
    exit(code);
  }

  /**
   * Ends the process even if libraries left non-daemon threads (reactor-netty's event loops): exit runs shutdown
   * hooks (a JFR recording is written then), and a watchdog halts if one of them hangs.
   */
  public static void exit(int code) {
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        // halt anyway
      }
      Runtime.getRuntime().halt(code);
    }, "exit watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(code);
  }

  /** A scale client's work, with the pool it opens its sessions on. */
  public interface PoolWork {
    void run(java.util.concurrent.ExecutorService pool) throws Exception;
  }

  /**
   * Runs a scale client's {@code work} with a pool of {@code threads}: a failure is printed and reported as an
   * "error" event; then the pool stops and the process exits, with 1 after a failure.
   */
  public static void runWithPool(int threads, PoolWork work) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    int code = 0;
    try {
      work.run(pool);
    } catch (Throwable e) {
      e.printStackTrace();
      Emit.event("error", "message", String.valueOf(e));
      code = 1;
    } finally {
      pool.shutdown();
    }
    exit(code);
  }

  /** Waits for "quit" or the end of stdin: the harness has read the server's heap and lets the client go. */
  public static void awaitStdinEnd() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) if (line.trim().equals("quit")) return;
  }

  /** Rate helper: events per second over {@code nanos}. */
  public static double perSecond(double events, long nanos) {
    return events * 1e9 / nanos;
  }
}
