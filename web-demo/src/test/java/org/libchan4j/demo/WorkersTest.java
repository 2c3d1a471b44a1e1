package org.libchan4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.SessionOptions;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.demo.Protocol.Batch;
import org.libchan4j.demo.Protocol.BatchInfo;
import org.libchan4j.demo.Protocol.Job;
import org.libchan4j.demo.Protocol.JobResult;
import org.libchan4j.demo.Protocol.Request;
import org.libchan4j.demo.Protocol.Volunteer;
import org.libchan4j.demo.Protocol.WorkerStatus;

class WorkersTest {
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) h.close();
  }

  /** A volunteer over its own session, as the page is: it hands the server a jobs channel and a status channel. */
  private final class Worker {
    final Session session = h.connect();
    final Pipe<Job> jobs = Pipe.buffered(8);
    final Pipe<WorkerStatus> status = Pipe.buffered(8);

    Worker(String name) throws InterruptedException {
      session.newSender(Request.class).send(Request.of(new Volunteer(name, jobs.sender(), status.receiver())));
    }

    Job nextJob() throws Exception {
      return Harness.next(jobs.receiver());
    }

    /** Answers every job, on another thread, with the right count. */
    CompletableFuture<Integer> serve() {
      return CompletableFuture.supplyAsync(() -> {
        int n = 0;
        try {
          for (Job j; (j = jobs.receiver().receive()) != null; n++) {
            j.reply().send(new JobResult(Primes.count(j.from(), j.to()), 1));
            j.reply().close();
          }
        } catch (InterruptedException | RuntimeException e) {
          // the test is over
        }
        return n;
      }, h.executor);
    }
  }

  private BatchInfo run(long limit, int jobs, Pipe<BatchInfo> result) throws Exception {
    Sender<Request> requests = h.connect().newSender(Request.class);
    requests.send(Request.of(new Batch("test", limit, jobs, result.sender())));
    return Harness.next(result.receiver());
  }

  private void awaitWorkers(int n) throws Exception {
    h.board(b -> b.workers().size() == n);
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void volunteersShareABatchAndTheCountIsRight(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Worker a = new Worker("a");
    Worker b = new Worker("b");
    CompletableFuture<Integer> servedA = a.serve();
    CompletableFuture<Integer> servedB = b.serve();
    awaitWorkers(2);
    BatchInfo info = run(1_000_000, 10, Pipe.buffered(1));
    assertEquals(78_498, info.primes());
    assertEquals(78_498, info.expected());
    assertEquals(10, info.done());
    assertEquals(0, info.reassigned());
    assertTrue(info.finished());
    var board = h.board(x -> x.batches().stream().anyMatch(BatchInfo::finished));
    assertEquals(10, board.workers().stream().mapToLong(Protocol.WorkerInfo::jobs).sum());
    a.session.close();
    b.session.close();
    assertEquals(10, Harness.await(servedA) + Harness.await(servedB));
    assertTrue(Harness.await(servedA) >= 1 && Harness.await(servedB) >= 1, "both idle workers got work at once");
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aWorkerWhoseSessionEndsMidJobHasItsJobReassigned(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Worker holder = new Worker("holder");
    awaitWorkers(1);
    Pipe<BatchInfo> result = Pipe.buffered(1);
    Sender<Request> requests = h.connect().newSender(Request.class);
    requests.send(Request.of(new Batch("test", 100_000, 4, result.sender())));
    Job held = holder.nextJob(); // and never answered
    assertEquals(0, held.from());
    Worker helper = new Worker("helper");
    helper.serve();
    h.board(b -> b.workers().stream().anyMatch(w -> w.name().equals("helper") && w.jobs() == 3));
    holder.session.close(); // the tab closes mid-job
    BatchInfo info = Harness.next(result.receiver());
    assertEquals(9_592, info.primes());
    assertEquals(1, info.reassigned());
    assertEquals(4, info.done());
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void withdrawingHandsBackTheJobInHandAndEndsTheJobsChannel(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Worker holder = new Worker("holder");
    holder.status.sender().send(new WorkerStatus(true));
    awaitWorkers(1);
    Pipe<BatchInfo> result = Pipe.buffered(1);
    h.connect().newSender(Request.class).send(Request.of(new Batch("test", 1000, 2, result.sender())));
    Job held = holder.nextJob();
    h.board(b -> b.workers().size() == 1 && "holding".equals(b.workers().get(0).state())
        && held.id().equals(b.workers().get(0).job()));
    holder.status.sender().close(); // withdraw
    assertNull(holder.nextJob(), "the server ends the jobs channel");
    new Worker("helper").serve();
    BatchInfo info = Harness.next(result.receiver());
    assertEquals(168, info.primes());
    assertEquals(1, info.reassigned());
    // a late answer from the withdrawn worker is ignored; the extended mode even tells it the channel was closed
    try {
      held.reply().send(new JobResult(999, 1));
      assertEquals(SessionOptions.Mode.COMPAT, mode, "compat mode cannot tell the sender");
    } catch (org.libchan4j.ChannelClosedException e) {
      assertEquals(SessionOptions.Mode.EXTENDED, mode);
    }
    assertEquals(168, h.board(b -> b.batches().get(0).finished()).batches().get(0).primes());
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aWrongAnswerDropsTheWorkerAndTheJobGoesElsewhere(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Worker liar = new Worker("liar");
    awaitWorkers(1);
    Pipe<BatchInfo> result = Pipe.buffered(1);
    h.connect().newSender(Request.class).send(Request.of(new Batch("test", 100, 1, result.sender())));
    Job job = liar.nextJob();
    job.reply().send(new JobResult(500, 1)); // more primes than numbers in the range
    assertNull(liar.nextJob(), "dropped");
    new Worker("honest").serve();
    assertEquals(25, Harness.next(result.receiver()).primes());
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void batchesOutOfRangeAreRefused(SessionOptions.Mode mode) throws Exception {
    h = new Harness(mode);
    Pipe<BatchInfo> result = Pipe.buffered(1);
    assertNull(run(1, 1, result), "the result channel ends without a result");
    assertNull(run(100, 0, Pipe.buffered(1)));
    assertNull(run(Workers.MAX_LIMIT + 1, 10, Pipe.buffered(1)));
  }

  @Test
  void primesAreCountedRight() {
    assertEquals(0, Primes.count(0, 2));
    assertEquals(1, Primes.count(2, 3));
    assertEquals(25, Primes.count(0, 100));
    assertEquals(78_498, Primes.count(0, 500_000) + Primes.count(500_000, 1_000_000));
    assertEquals(664_579, Primes.count(0, 10_000_000));
    assertEquals(2, Primes.count(999_999_900, 1_000_000_000)); // 999999929 and 999999937
  }
}
