package org.libchan4j.demo;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.ChanException;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * The web demo: one {@link ChanServer} serving the page, the browser client's files and the {@code /chan}
 * WebSocket on the same port, bound to 127.0.0.1 unless told otherwise.
 *
 * <pre>
 * java -jar web-demo/target/libchan4j-web-demo.jar [--port 8080] [--host 127.0.0.1]
 * </pre>
 */
public final class DemoServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 8080;
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.glassfish");

  private final ExecutorService executor = Executors.newCachedThreadPool(daemon("demo-"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("demo-timer-"));
  private final Rooms rooms;
  private final Workers workers;
  private final Stats stats;
  private final ChanServer server;

  private DemoServer(String host, int port) {
    Files files = new Files(executor);
    rooms = new Rooms(files, System::currentTimeMillis);
    workers = new Workers(executor, timer, System::currentTimeMillis);
    stats = new Stats(timer, 1000);
    ChanEndpoint endpoint = ChanEndpoint.builder(new DemoHandler(rooms, workers, stats, executor)).path("/chan")
        .observer(stats.observer()) // counts every session's traffic for the status bar
        .build();
    server = ChanServer.builder(endpoint)
        .host(host)
        .port(port)
        // the page (this jar) and /libchan4j/ (the browser client's jar), both under META-INF/resources
        .staticFiles(DemoServer.class.getClassLoader(), "/META-INF/resources")
        .build();
  }

  /** Starts a demo server on {@code host}:{@code port} (0 for any free port). */
  public static DemoServer start(String host, int port) {
    DemoServer demo = new DemoServer(host, port);
    try {
      demo.server.start();
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
    return demo;
  }

  public int port() {
    return server.port();
  }

  /** The WebSocket endpoint, e.g. {@code ws://127.0.0.1:8080/chan}. */
  public URI chanUri() {
    return server.uri();
  }

  /** The page, e.g. {@code http://127.0.0.1:8080/}. */
  public URI pageUri() {
    URI ws = server.uri();
    return URI.create("http://" + ws.getRawAuthority() + "/");
  }

  Rooms rooms() {
    return rooms;
  }

  Workers workers() {
    return workers;
  }

  @Override
  public void close() {
    server.close();
    workers.close();
    stats.close();
    timer.shutdownNow();
    executor.shutdownNow();
  }

  public static void main(String[] args) throws InterruptedException {
    String host = "127.0.0.1";
    int port = DEFAULT_PORT;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port", "-p" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--host" -> host = value(args, ++i, "--host");
        case "--help", "-h" -> {
          System.out.println("usage: scripts/demo [--port N (default " + DEFAULT_PORT + ", 0 = any free port)]"
              + " [--host ADDRESS (default 127.0.0.1; 0.0.0.0 for every interface)]");
          return;
        }
        default -> {
          System.err.println("unknown argument '" + args[i] + "' (try --help)");
          System.exit(2);
        }
      }
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
    }
    QUIET.setLevel(java.util.logging.Level.WARNING); // Grizzly's start-up chatter
    DemoServer demo;
    try {
      demo = start(host, port);
    } catch (ChanException e) {
      System.err.println("cannot start the demo on " + host + ":" + port + ": " + e.getMessage());
      System.err.println("(another program on that port? try --port " + (port + 1) + ")");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
    boolean everywhere = host.equals("0.0.0.0") || host.equals("::");
    String page = everywhere ? "http://localhost:" + demo.port() + "/" : demo.pageUri().toString();
    String chan = everywhere ? "ws://localhost:" + demo.port() + "/chan" : demo.chanUri().toString();
    System.out.println();
    System.out.println("  libchan4j web demo is running: open " + page
        + (everywhere ? "  (listening on every interface)" : ""));
    System.out.println();
    System.out.println("  terminal client:  scripts/demo-terminal --url " + chan + " --room lobby --name you");
    System.out.println("  stop with Ctrl-C");
    System.out.println();
    new java.util.concurrent.CountDownLatch(1).await(); // until the shutdown hook runs
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      System.err.println(flag + " needs a value");
      System.exit(2);
    }
    return args[i];
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
