package org.libchan4j.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.demo.Protocol.Batch;
import org.libchan4j.demo.Protocol.BatchInfo;
import org.libchan4j.demo.Protocol.Board;
import org.libchan4j.demo.Protocol.Job;
import org.libchan4j.demo.Protocol.JobResult;
import org.libchan4j.demo.Protocol.Volunteer;
import org.libchan4j.demo.Protocol.WorkerInfo;
import org.libchan4j.demo.Protocol.WorkerStatus;

/**
 * Self-registering workers, as in libchan's README: a volunteer hands the server a channel, and the server sends
 * it jobs, one at a time, each carrying its own reply channel. A batch is split into jobs queued in order; an idle
 * worker takes the next one. When a worker withdraws, its session ends (the tab closed) or its reply channel ends
 * without an answer, the job it held goes back to the front of the queue for the next idle worker.
 *
 * <p>Everything runs on futures: no thread waits for a worker. State changes happen under this object's lock; the
 * continuations run on {@code executor}, never on a transport thread. Watchers get a {@link Board} at most every
 * {@link #BOARD_PERIOD_MS} ms, when something changed.
 */
final class Workers implements AutoCloseable {
  static final long MAX_LIMIT = 2_000_000_000L;
  static final int MAX_JOBS = 1000;
  static final long BOARD_PERIOD_MS = 200;
  /** Finished batches kept on the board. */
  private static final int KEPT_BATCHES = 6;
  private static final long THROUGHPUT_WINDOW_MS = 5000;

  private final Executor executor;
  private final LongSupplier clock;
  private final ScheduledFuture<?> ticker;
  private final AtomicLong ids = new AtomicLong();
  private final List<Sender<Board>> watchers = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private final Map<String, Run> batches = new LinkedHashMap<>();
  private final ArrayDeque<long[]> completions = new ArrayDeque<>(); // {at, numbers}
  private boolean dirty = true;

  Workers(Executor executor, ScheduledExecutorService timer, LongSupplier clock) {
    this.executor = executor;
    this.clock = clock;
    this.ticker = timer.scheduleAtFixedRate(this::publish, BOARD_PERIOD_MS, BOARD_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private static final class Worker {
    final String id;
    final String name;
    final Sender<Job> jobs;
    boolean holding;
    boolean gone;
    Attempt current;
    long jobsDone;
    long numbers;
    long busyMs;

    Worker(String id, String name, Sender<Job> jobs) {
      this.id = id;
      this.name = name;
      this.jobs = jobs;
    }
  }

  private record Task(Run batch, int index, long from, long to) {
    String id() {
      return batch.id + "." + (index + 1);
    }
  }

  private record Attempt(Worker worker, Task task, long startedAt, Receiver<JobResult> reply) {}

  private static final class Run {
    final String id;
    final Batch request;
    final long startedAt;
    int done;
    int reassigned;
    long primes;
    long finishedAt = -1;

    Run(String id, Batch request, long startedAt) {
      this.id = id;
      this.request = request;
      this.startedAt = startedAt;
    }
  }

  /**
   * Registers a volunteer and starts giving it jobs.
   *
   * @return the worker's id
   * @throws IllegalArgumentException when its channels are missing
   */
  String volunteer(Volunteer v) {
    if (v.jobs() == null || v.status() == null) {
      throw new IllegalArgumentException("a volunteer needs a jobs channel and a status channel");
    }
    String name = v.name() == null || v.name().isBlank() ? "worker" : v.name().strip();
    Worker w = new Worker("w" + ids.incrementAndGet(), name.length() > 24 ? name.substring(0, 24) : name, v.jobs());
    synchronized (this) {
      workers.put(w.id, w);
      dirty = true;
      assign();
    }
    readStatus(w, v.status());
    return w.id;
  }

  private void readStatus(Worker w, Receiver<WorkerStatus> status) {
    status.receiveAsync().whenCompleteAsync((s, e) -> {
      if (e != null || s == null) {
        withdraw(w);
        return;
      }
      synchronized (this) {
        w.holding = s.holding();
        dirty = true;
      }
      readStatus(w, status);
    }, executor);
  }

  /**
   * Queues a batch: count the primes below {@code limit} in {@code jobs} equal ranges.
   *
   * @return the batch's id
   * @throws IllegalArgumentException for a limit or job count out of range
   */
  String submit(Batch b) {
    if (b.limit() < 2 || b.limit() > MAX_LIMIT) {
      throw new IllegalArgumentException("the limit must be between 2 and " + MAX_LIMIT);
    }
    if (b.jobs() < 1 || b.jobs() > MAX_JOBS || b.jobs() > b.limit()) {
      throw new IllegalArgumentException("a batch has 1 to " + MAX_JOBS + " jobs, at most one per number");
    }
    synchronized (this) {
      Run run = new Run("b" + ids.incrementAndGet(), b, clock.getAsLong());
      batches.put(run.id, run);
      for (int i = 0; i < b.jobs(); i++) {
        queue.add(new Task(run, i, b.limit() * i / b.jobs(), b.limit() * (i + 1) / b.jobs()));
      }
      dirty = true;
      assign();
      return run.id;
    }
  }

  /** Sends {@code board} the current board now, and again whenever it changes, until the channel fails. */
  void watch(Sender<Board> board) {
    watchers.add(board);
    Board now;
    synchronized (this) {
      now = board();
    }
    send(board, now);
  }

  /** Pairs idle workers with queued jobs. Called with the lock held. */
  private void assign() {
    for (Worker w : workers.values()) {
      if (queue.isEmpty()) return;
      if (w.current != null) continue;
      Pipe<JobResult> reply = Pipe.buffered(1);
      Attempt a = new Attempt(w, queue.poll(), clock.getAsLong(), reply.receiver());
      w.current = a;
      dirty = true;
      Task t = a.task();
      CompletableFuture<Void> sent;
      try {
        sent = w.jobs.sendAsync(new Job(t.id(), t.batch().id, t.from(), t.to(), reply.sender()));
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenCompleteAsync((v, e) -> {
        if (e != null) finished(a, null);
      }, executor);
      reply.receiver().receiveAsync().whenCompleteAsync((r, e) -> finished(a, e == null ? r : null), executor);
    }
  }

  /** A job came back, or its reply channel ended (or failed) without an answer. */
  private synchronized void finished(Attempt a, JobResult result) {
    Worker w = a.worker();
    if (w.current != a) return; // already reassigned
    dirty = true;
    Task t = a.task();
    if (result == null || result.primes() < 0 || result.primes() > t.to() - t.from()) {
      drop(w); // and the job goes back to the queue
    } else {
      w.current = null;
      long now = clock.getAsLong();
      long numbers = t.to() - t.from();
      w.jobsDone++;
      w.numbers += numbers;
      // speed as the worker measured it (its compute time), never more than the wall time the job took
      w.busyMs += Math.max(1, Math.min(result.millis(), now - a.startedAt()));
      completions.addLast(new long[] {now, numbers});
      Run run = t.batch();
      run.done++;
      run.primes += result.primes();
      if (run.done == run.request.jobs()) finish(run, now);
    }
    assign();
  }

  private void finish(Run run, long now) {
    run.finishedAt = now;
    Sender<BatchInfo> result = run.request.result();
    if (result != null) {
      try {
        result.sendAsync(info(run, now));
        result.close();
      } catch (RuntimeException e) {
        // the submitter has gone; the board still shows the result
      }
    }
    int finished = 0;
    for (Run r : batches.values()) if (r.finishedAt >= 0) finished++;
    var it = batches.values().iterator();
    while (finished > KEPT_BATCHES && it.hasNext()) {
      if (it.next().finishedAt >= 0) {
        it.remove();
        finished--;
      }
    }
  }

  /** The volunteer withdrew (its status channel ended) or its session ended. Idempotent. */
  synchronized void withdraw(Worker w) {
    drop(w);
    assign();
  }

  /** Removes a worker; the job it held goes back to the front of the queue. Called with the lock held. */
  private void drop(Worker w) {
    if (w.current != null) {
      w.current.reply().close(); // a late answer is ignored
      queue.addFirst(w.current.task());
      w.current.task().batch().reassigned++;
      w.current = null;
    }
    if (!w.gone) {
      w.gone = true;
      workers.remove(w.id);
      try {
        w.jobs.close();
      } catch (RuntimeException e) {
        // its session has ended
      }
    }
    dirty = true;
  }

  /** The board now. Called with the lock held. */
  private Board board() {
    long now = clock.getAsLong();
    List<WorkerInfo> ws = new ArrayList<>();
    for (Worker w : workers.values()) {
      String state = w.current == null ? "idle" : w.holding ? "holding" : "working";
      ws.add(new WorkerInfo(w.id, w.name, state, w.current == null ? null : w.current.task().id(), w.jobsDone,
          w.busyMs == 0 ? 0 : w.numbers * 1000 / w.busyMs));
    }
    List<BatchInfo> bs = new ArrayList<>();
    for (Run r : batches.values()) bs.add(info(r, now));
    while (!completions.isEmpty() && completions.peekFirst()[0] < now - THROUGHPUT_WINDOW_MS) {
      completions.removeFirst();
    }
    long numbers = 0;
    for (long[] c : completions) numbers += c[1];
    return new Board(ws, bs, numbers * 1000 / THROUGHPUT_WINDOW_MS, queue.size());
  }

  /** The board now (for tests). */
  synchronized Board snapshot() {
    return board();
  }

  private static BatchInfo info(Run r, long now) {
    long end = r.finishedAt >= 0 ? r.finishedAt : now;
    return new BatchInfo(r.id, r.request.by(), r.request.limit(), r.request.jobs(), r.done, r.reassigned, r.primes,
        Primes.knownCount(r.request.limit()), end - r.startedAt, r.finishedAt >= 0);
  }

  /** Timer tick: sends the board to every watcher if it changed (or a batch is running, for its clock). */
  private void publish() {
    Board board;
    synchronized (this) {
      boolean running = false;
      for (Run r : batches.values()) running |= r.finishedAt < 0;
      if (!dirty && !running) return;
      dirty = false;
      board = board();
    }
    for (Sender<Board> w : watchers) send(w, board);
  }

  private void send(Sender<Board> watcher, Board board) {
    CompletableFuture<Void> sent;
    try {
      sent = watcher.sendAsync(board);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((v, e) -> {
      if (e != null) watchers.remove(watcher);
    });
  }

  @Override
  public void close() {
    ticker.cancel(false);
  }
}
