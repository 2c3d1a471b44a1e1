package org.libchan4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.libchan4j.examples.WorkerPool.Outcome;

class WorkerPoolExampleTest {

  @Test
  void everyJobIsDoneOnceBeforeAGenerousDeadline() throws Exception {
    Outcome o = WorkerPool.run(3, 50, Duration.ofSeconds(30), n -> n * n);
    assertEquals(50, o.results().size());
    for (int n = 0; n < 50; n++) assertEquals(n * n, o.results().get(n));
    assertTrue(o.notStarted().isEmpty());
    assertTrue(o.unfinished().isEmpty());
  }

  @Test
  void atTheDeadlineEveryJobIsAccountedFor() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    // Every job blocks its worker until the test ends: nothing finishes before the deadline.
    Outcome o = WorkerPool.run(2, 10, Duration.ofMillis(200), n -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return n;
    });
    assertTrue(o.results().isEmpty(), o.toString());
    // Each worker runs one job and holds at most one more in flight (an unbuffered channel across a session):
    // at most 4 jobs left the dispatcher, in order; the rest were never sent.
    assertTrue(o.unfinished().size() >= 2 && o.unfinished().size() <= 4, o.toString());
    assertTrue(o.unfinished().containsAll(List.of(0, 1)), o.toString());
    List<Integer> all = new ArrayList<>(o.unfinished());
    all.addAll(o.notStarted());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), all);
    never.countDown();
  }
}
