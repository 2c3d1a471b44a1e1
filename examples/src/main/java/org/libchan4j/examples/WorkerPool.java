package org.libchan4j.examples;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Select;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.transport.InMemoryTransport;

/**
 * A worker pool with a deadline, in Go style: workers on the far side of a session register by sending their job
 * inbox (an unbuffered channel); the dispatcher selects over "give the next job to any worker with room", "take a
 * result" and "the deadline passed". At the deadline every job is accounted for: done, handed out (a worker
 * runs it, or it is the one message an unbuffered channel holds in flight to a busy worker across a session), or
 * never sent.
 */
public final class WorkerPool {

  /** A worker registers by sending the channel it takes jobs on. */
  public record Register(Sender<Job> inbox) {}

  public record Job(int n, Sender<Result> reply) {}

  public record Result(int n, int value) {}

  /** By the deadline: the results, the jobs handed out without a result yet, and those never handed out. */
  public record Outcome(TreeMap<Integer, Integer> results, List<Integer> unfinished, List<Integer> notStarted) {}

  public static void main(String[] args) throws Exception {
    Outcome o = run(3, 20, Duration.ofSeconds(5), n -> n * n);
    System.out.println(o.results().size() + " results " + o.results() + ", not started: " + o.notStarted());
  }

  /** Runs {@code jobs} jobs on {@code workers} workers across an in-memory session until done or {@code deadline}. */
  public static Outcome run(int workers, int jobs, Duration deadline, IntUnaryOperator work) throws Exception {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    SessionOptions.Builder ext = SessionOptions.builder(Session.Role.CLIENT).mode(SessionOptions.Mode.EXTENDED);
    try (Session workerSide = Session.open(wire[0], ext.build());
        Session dispatcherSide = Session.open(wire[1], SessionOptions.builder(Session.Role.SERVER)
            .mode(SessionOptions.Mode.EXTENDED).build())) {
      Sender<Register> registrations = workerSide.newSender(Register.class);
      for (int w = 0; w < workers; w++) {
        Pipe<Job> inbox = Pipe.create();               // unbuffered: at most one job waits for a busy worker
        registrations.send(new Register(inbox.sender()));
        Thread t = new Thread(() -> {
          try {
            for (Job j : inbox.receiver()) j.reply().send(new Result(j.n(), work.applyAsInt(j.n())));
          } catch (Exception e) {
            // the session ended: this worker stops
          }
        }, "worker-" + w);
        t.setDaemon(true);
        t.start();
      }
      return dispatch(dispatcherSide, workers, jobs, Instant.now().plus(deadline));
    }
  }

  private static final Object DEADLINE = new Object();

  private static Outcome dispatch(Session session, int workers, int jobs, Instant deadline) throws Exception {
    Receiver<Register> registered = session.accept(Register.class, Duration.ofSeconds(5));
    List<Sender<Job>> inboxes = new ArrayList<>();
    for (int w = 0; w < workers; w++) inboxes.add(registered.receive(Duration.ofSeconds(5)).inbox());

    Pipe<Result> results = Pipe.buffered(workers);
    TreeMap<Integer, Integer> done = new TreeMap<>();
    int next = 0;
    while (done.size() < jobs) {
      Select<Object> select = Select.create()
          .receive(results.receiver(), r -> r)                       // a result came back
          .timeout(Duration.between(Instant.now(), deadline), () -> DEADLINE);
      if (next < jobs) {
        Job job = new Job(next, results.sender());
        for (Sender<Job> inbox : inboxes) select.send(inbox, job, () -> job);  // any free worker
      }
      Object what = select.select();
      if (what == DEADLINE) break;
      if (what instanceof Job) next++;
      if (what instanceof Result) done.put(((Result) what).n(), ((Result) what).value());
    }
    List<Integer> unfinished = new ArrayList<>();
    for (int n = 0; n < next; n++) {
      if (!done.containsKey(n)) unfinished.add(n);
    }
    List<Integer> notStarted = new ArrayList<>();
    for (int n = next; n < jobs; n++) notStarted.add(n);
    for (Sender<Job> inbox : inboxes) inbox.close();
    return new Outcome(done, unfinished, notStarted);
  }

  private WorkerPool() {}
}
