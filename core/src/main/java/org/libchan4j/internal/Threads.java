package org.libchan4j.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: the threads the library starts on a user's behalf (session handlers, listener calls, pipe and stream
 * copies, socket handlers). On Java 21 and later they are virtual threads, so a blocking handler per session costs
 * a few kilobytes of heap instead of a platform thread; on Java 17-20 they are daemon platform threads, as before.
 * {@code -Dlibchan4j.virtualThreads=false} keeps platform threads on any Java.
 *
 * <p>The choice is made once, at run time: the library is compiled for Java 17, so the Java 21 API is reached
 * through reflection here and nowhere else (this class is JVM-only; the browser engine never sees it). Every
 * blocking call of the API ({@code send}, {@code receive}, {@code accept}, {@code select}, stream reads and writes)
 * waits by parking (futures, {@link java.util.concurrent.locks.ReentrantLock} conditions), never inside
 * {@code synchronized}, so a virtual thread waiting in it does not pin its carrier on Java 21-23 either
 * ({@code VirtualThreadsTest}). The socket transport's own reader and writer stay platform threads.
 */
public final class Threads {
  /** The system property that turns virtual threads off ({@code false}). */
  public static final String PROPERTY = "libchan4j.virtualThreads";

  private static final Virtual VIRTUAL = Virtual.find();

  private Threads() {}

  /** Whether the library's threads are virtual on this JVM. */
  public static boolean virtual() {
    return VIRTUAL != null;
  }

  /**
   * An executor running each task on a new thread named {@code prefix + n}: virtual ones (one per task, nothing
   * pooled) or a cached pool of daemon platform threads that retire after {@code idleSeconds} idle. Shut it down
   * like any executor.
   */
  public static ExecutorService newExecutor(String prefix, long idleSeconds) {
    if (VIRTUAL != null) return VIRTUAL.executor(prefix);
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, idleSeconds, TimeUnit.SECONDS, new SynchronousQueue<>(),
        platform(prefix));
  }

  /** Threads named {@code prefix + n}: virtual ones, or daemon platform threads. */
  public static ThreadFactory factory(String prefix) {
    return VIRTUAL != null ? VIRTUAL.factory(prefix) : platform(prefix);
  }

  /** Daemon platform threads named {@code prefix + n}, for the library's own I/O and timer threads. */
  public static ThreadFactory platform(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The Java 21 virtual-thread API, found by reflection; null where it is missing or turned off. */
  private static final class Virtual {
    private final Method ofVirtual;
    private final Method name;
    private final Method factory;
    private final Method perTask;

    private Virtual(Method ofVirtual, Method name, Method factory, Method perTask) {
      this.ofVirtual = ofVirtual;
      this.name = name;
      this.factory = factory;
      this.perTask = perTask;
    }

    static Virtual find() {
      if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) return null;
      if (Runtime.version().feature() < 21) return null; // 19 and 20 have them only as a preview
      try {
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Virtual v = new Virtual(Thread.class.getMethod("ofVirtual"), builder.getMethod("name", String.class, long.class),
            builder.getMethod("factory"), Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class));
        v.factory("libchan4j-probe-"); // fails here, not later, if the API is not what we expect
        return v;
      } catch (ReflectiveOperationException | RuntimeException e) {
        System.getLogger(Threads.class.getName()).log(System.Logger.Level.WARNING,
            "Java " + Runtime.version() + " has no usable virtual threads; using platform threads", e);
        return null;
      }
    }

    ThreadFactory factory(String prefix) {
      try {
        return (ThreadFactory) factory.invoke(name.invoke(ofVirtual.invoke(null), prefix, 1L));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    ExecutorService executor(String prefix) {
      try {
        return (ExecutorService) perTask.invoke(null, factory(prefix));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}
