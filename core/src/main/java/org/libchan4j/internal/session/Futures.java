package org.libchan4j.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.libchan4j.ChanException;

/** Internal: blocking waits on futures that rethrow the original unchecked cause. */
final class Futures {
  private Futures() {}

  static <T> T await(CompletableFuture<T> future) throws InterruptedException {
    if (!future.isDone()) FlushScope.beforeBlocking();
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException) return (RuntimeException) t;
    if (t instanceof Error) throw (Error) t;
    return new ChanException(String.valueOf(t.getMessage()), t);
  }

  /** Runs completions collected while a lock was held. */
  static void run(Runnable completion) {
    if (completion != null) completion.run();
  }
}
