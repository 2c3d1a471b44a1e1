package org.libchan4j.interop;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.libchan4j.Sender;
import org.libchan4j.Session;

/** The conformance server's names: each maps to the inbox a session registered, until that session ends. */
final class Registry {
  /** How long send-to waits for a name to be registered. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private final Map<String, Sender<Object>> inboxes = new HashMap<>();

  /** Registers (or replaces) {@code name}; the registration ends with {@code owner}. */
  void register(Session owner, String name, Sender<Object> inbox) {
    synchronized (this) {
      inboxes.put(name, inbox);
      notifyAll();
    }
    owner.closeFuture().whenComplete((ok, failed) -> {
      synchronized (this) {
        inboxes.remove(name, inbox);
      }
    });
  }

  synchronized Sender<Object> lookup(String name) {
    return inboxes.get(name);
  }

  /** The inbox registered as {@code name}, waiting up to {@code timeout} for it; null if none came. */
  synchronized Sender<Object> await(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Sender<Object> inbox;
    while ((inbox = inboxes.get(name)) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return inbox;
  }
}
