package org.libchan4j.client.soak;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.libchan4j.CloseCodes;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.soak.Wire.Kind;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.FaultProxy;

/**
 * A soak run: many resumable sessions against one {@link ChanServer}, reached through a {@link FaultProxy} that
 * resets a random part of the connections every so often, each session running rounds of every scenario
 * ({@link Kind}) until the time is up. It samples heap, threads, descriptors, sessions and message counts over time,
 * then closes everything and measures again. {@code SoakTest} runs a short one; {@code scripts/soak} a long one.
 */
public final class Soak {
  /** What to run. */
  public record Config(int sessions, Duration duration, int workers, Duration cutEvery, double cutFraction,
      Duration sampleEvery, long seed) {

    static Config of(int sessions, Duration duration) {
      return new Config(sessions, duration, Math.min(sessions, 64), Duration.ofMillis(1000), 0.1,
          Duration.ofSeconds(1), 17);
    }
  }

  /** One point of the record over time. */
  public record Sample(double seconds, double heapMb, int threads, long fds, int clientSessions, int serverSessions,
      long sent, long received, long lost, long duplicated, long rounds, long cuts, long suspends, long resumes,
      long errors) {}

  /** Heap (MB, after a GC hint), live threads and open descriptors at one moment. */
  public record Resources(double heapMb, int threads, long fds) {}

  /** What a run saw. */
  public record Report(Config config, Resources baseline, Resources peak, Resources after, List<Sample> samples,
      long sent, long received, long lost, long duplicated, long corruptStreams, long bytes, long rounds,
      long selectTimeouts, long cuts, long suspends, long resumes, long errors, int cleanClientCloses,
      int cleanServerCloses) {}

  private final Config config;
  private final Ledger ledger = new Ledger();
  final SoakServer handler = new SoakServer(ledger);
  private final Events clientEvents = new Events();
  private final Events serverEvents = new Events();
  private final AtomicLong cuts = new AtomicLong();
  private final List<Sample> samples = new ArrayList<>();
  private long start;

  public Soak(Config config) {
    this.config = config;
  }

  /** Runs a warm-up (one round of each scenario on two sessions), takes the baseline, then the soak itself. */
  public static Report run(Config config) throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    new Soak(new Config(2, Duration.ZERO, 2, Duration.ofDays(1), 0, Duration.ofDays(1), 1)).soak(null);
    settle(before, before.size() + 10);
    Soak soak = new Soak(config);
    return soak.soak(measure());
  }

  /** Runs the soak; with a baseline, also settles and measures the resources left once everything closed. */
  Report soak(Resources baseline) throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    ChanServer server = ChanServer.builder(ChanEndpoint.builder(handler).channelCapacity(16)
        .listener(serverEvents).build()).build().start();
    FaultProxy proxy = new FaultProxy(server.port());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.workers()));
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    List<SoakClient> clients = new ArrayList<>();
    int cleanClientCloses = 0;
    try {
      start = System.nanoTime();
      ClientOptions options = ClientOptions.builder().channelCapacity(16)
          .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).listener(clientEvents).build();
      java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + proxy.port() + "/chan");
      List<CompletableFuture<Session>> connects = new ArrayList<>();
      for (int i = 0; i < config.sessions(); i++) {
        connects.add(CompletableFuture.supplyAsync(() -> ChanClient.connect(uri, options), pool));
      }
      for (int i = 0; i < connects.size(); i++) {
        clients.add(new SoakClient(connects.get(i).get(60, TimeUnit.SECONDS), ledger, config.seed() * 7919 + i));
      }

      timers.scheduleAtFixedRate(this::sample, 0, config.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
      Random cutter = new Random(config.seed());
      if (config.cutFraction() > 0) {
        timers.scheduleWithFixedDelay(() -> cuts.addAndGet(proxy.cutSome(cutter, config.cutFraction())),
            config.cutEvery().toMillis(), config.cutEvery().toMillis(), TimeUnit.MILLISECONDS);
      }
      work(clients, pool);
      timers.shutdownNow();
      timers.awaitTermination(10, TimeUnit.SECONDS);

      // Sessions cut at the last moment resume before the orderly close.
      clientEvents.awaitNoneSuspended(Duration.ofSeconds(60));
      serverEvents.awaitNoneSuspended(Duration.ofSeconds(60));
      for (SoakClient c : clients) c.close();
      for (SoakClient c : clients) {
        try {
          c.session.closeFuture().get(30, TimeUnit.SECONDS);
          cleanClientCloses++;
        } catch (Exception e) {
          ledger.errors.increment();
        }
      }
      serverEvents.awaitClosed(config.sessions(), Duration.ofSeconds(30));
    } finally {
      for (SoakClient c : clients) c.session.close();
      pool.shutdownNow();
      timers.shutdownNow();
      proxy.close();
      server.shutdown(Duration.ofSeconds(10));
    }
    sample();
    Resources after = null;
    if (baseline != null) {
      settle(before, baseline.threads() + 10);
      after = measure();
      sample(); // the last point of the chart: everything closed and settled
    }
    Resources peak = new Resources(samples.stream().mapToDouble(Sample::heapMb).max().orElse(0),
        samples.stream().mapToInt(Sample::threads).max().orElse(0),
        samples.stream().mapToLong(Sample::fds).max().orElse(0));
    return new Report(config, baseline, peak, after, List.copyOf(samples), ledger.sent.sum(), ledger.received.sum(),
        ledger.lost.sum(), ledger.duplicated.sum(), ledger.corruptStreams.sum(), ledger.bytesReceived.sum(),
        ledger.rounds.sum(), ledger.selectTimeouts.sum(), cuts.get(), clientEvents.suspends.get(),
        clientEvents.resumes.get(), ledger.errors.sum(), cleanClientCloses, serverEvents.normalCloses.get());
  }

  /**
   * Each worker takes an idle session, runs one round of a random scenario on it and puts it back, until the time
   * is up; a zero duration runs one round of each scenario per session. A session whose round failed is retired.
   */
  private void work(List<SoakClient> clients, ExecutorService pool) throws Exception {
    BlockingQueue<SoakClient> idle = new LinkedBlockingQueue<>(clients);
    long deadline = System.nanoTime() + config.duration().toNanos();
    boolean once = config.duration().isZero();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    AtomicInteger seed = new AtomicInteger();
    for (int w = 0; w < Math.max(1, config.workers()); w++) {
      Random random = new Random(config.seed() * 31 + seed.incrementAndGet());
      workers.add(CompletableFuture.runAsync(() -> {
        Kind[] kinds = Kind.values();
        while (once || System.nanoTime() < deadline) {
          SoakClient c = idle.poll();
          if (c == null) return;
          try {
            if (once) {
              for (Kind k : kinds) c.round(k);
              continue; // done with this session
            }
            c.round(kinds[random.nextInt(kinds.length)]);
            idle.add(c);
          } catch (Exception e) {
            ledger.errors.increment();
            System.err.println("soak: a round failed: " + e);
          }
        }
      }, pool));
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
        .get(config.duration().toMillis() + 300_000, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    Resources r = measure();
    samples.add(new Sample((System.nanoTime() - start) / 1e9, r.heapMb(), r.threads(), r.fds(),
        clientEvents.open(), serverEvents.open(), ledger.sent.sum(), ledger.received.sum(), ledger.lost.sum(),
        ledger.duplicated.sum(), ledger.rounds.sum(), cuts.get(), clientEvents.suspends.get(),
        clientEvents.resumes.get(), ledger.errors.sum()));
  }

  /** Heap used after a GC hint, live threads, open descriptors. */
  static Resources measure() {
    System.gc();
    double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    return new Resources(heap, ManagementFactory.getThreadMXBean().getThreadCount(), openDescriptors());
  }

  static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count() - 1; // the listing's own descriptor
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Waits (joining them, up to 20 s) for the threads started since {@code before} to end, until at most
   * {@code target} threads are alive; long-lived library threads may stay.
   */
  static void settle(Set<Thread> before, int target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Set<Thread> known = new HashSet<>(before);
    while (ManagementFactory.getThreadMXBean().getThreadCount() > target) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      Thread next = Thread.getAllStackTraces().keySet().stream().filter(t -> !known.contains(t) && t.isAlive())
          .findFirst().orElse(null);
      if (next == null) return;
      next.join(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
      if (!next.isAlive()) continue;
      known.add(next); // still alive after a while: a long-lived thread, look at the others
    }
  }

  /** Counts the sessions' state changes; waits on them. */
  static final class Events implements SessionListener {
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger normalCloses = new AtomicInteger();
    final AtomicLong suspends = new AtomicLong();
    final AtomicLong resumes = new AtomicLong();

    int open() {
      return connected.get() - closed.get();
    }

    @Override public void onConnected(Session s) { connected.incrementAndGet(); changed(); }
    @Override public void onSuspended(Session s, String why) { suspends.incrementAndGet(); changed(); }
    @Override public void onResumed(Session s) { resumes.incrementAndGet(); changed(); }

    @Override
    public void onClosed(Session s, int code, String reason) {
      if (code == CloseCodes.NORMAL) normalCloses.incrementAndGet();
      else System.err.println("soak: a session closed with " + code + " " + reason);
      closed.incrementAndGet();
      changed();
    }

    private synchronized void changed() {
      notifyAll();
    }

    synchronized void awaitNoneSuspended(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (suspends.get() > resumes.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return;
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    synchronized void awaitClosed(int n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (closed.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return;
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /** {@code scripts/soak}: runs a long soak and writes the CSV, the SVG chart and a summary. */
  public static void main(String[] args) throws Exception {
    int sessions = 1000;
    Duration duration = Duration.ofMinutes(5);
    Path out = Path.of("docs/soak");
    Integer workers = null;
    Duration sampleEvery = Duration.ofSeconds(5);
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--minutes" -> duration = Duration.ofSeconds(Math.round(Double.parseDouble(args[++i]) * 60));
        case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--sample-seconds" -> sampleEvery = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        case "--verbose" -> verbose = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--sessions N --minutes M | --seconds S --workers W --sample-seconds S --out DIR --verbose)");
      }
    }
    // Every cut logs a suspend and a resume on both sides at INFO: thousands of lines.
    if (!verbose) java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Config c = Config.of(sessions, duration);
    Config config = new Config(sessions, duration, workers == null ? c.workers() : workers, Duration.ofSeconds(2),
        0.05, sampleEvery, c.seed());
    System.err.printf(Locale.ROOT, "soak: %d sessions for %s, %d workers, cutting %.0f%% of connections every %s%n",
        sessions, duration, config.workers(), config.cutFraction() * 100, config.cutEvery());
    Report report = run(config);
    Files.createDirectories(out);
    Chart.writeCsv(report, out.resolve("latest.csv"));
    Chart.writeSvg(report, out.resolve("latest.svg"));
    String summary = Chart.summary(report);
    Files.writeString(out.resolve("latest.txt"), summary);
    System.out.print(summary);
    boolean ok = report.lost() == 0 && report.duplicated() == 0 && report.corruptStreams() == 0
        && report.errors() == 0 && report.cleanClientCloses() == sessions && report.cleanServerCloses() == sessions;
    System.exit(ok ? 0 : 1);
  }
}
