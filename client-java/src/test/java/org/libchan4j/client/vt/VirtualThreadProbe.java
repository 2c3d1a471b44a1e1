package org.libchan4j.client.vt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.libchan4j.ByteStream;
import org.libchan4j.BytePipe;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Select;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.internal.Threads;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * Runs in a JVM of Java 21 or later, started by {@link VirtualThreadsTest}: a {@link ChanServer} with its default
 * executor, whose handlers block in every blocking call of the API, and client-side virtual threads that do the
 * same. Once every one of them is parked it takes a JSON thread dump and reads a JFR recording of
 * {@code jdk.VirtualThreadPinned} (threshold 0), and prints {@code RESULT key=value} lines for the test.
 *
 * <p>The dump is what makes the check independent of the JDK: since Java 24 a virtual thread blocking inside
 * {@code synchronized} no longer pins its carrier, so JFR alone would not see it there; on Java 21-23 it would.
 * A parked virtual thread that owns a monitor ({@code monitorsOwned}) or waits on one ({@code waitingOn}) is exactly
 * what pins on those versions, so any such thread in library code is reported.
 */
public final class VirtualThreadProbe {
  /** What a handler does with the job it accepts: one blocking call each. */
  enum Kind { ACCEPT, RECEIVE, TIMED_RECEIVE, SEND, STREAM_READ, STREAM_WRITE, SELECT, PIPE_RECEIVE, PIPE_SEND }

  /** The client's job: channels the server blocks on (the client never writes, reads or closes them). */
  record Job(Kind kind, Receiver<String> in, Sender<String> out, ByteStream stream) {}

  private static final ConcurrentLinkedQueue<String> FAILURES = new ConcurrentLinkedQueue<>();

  public static void main(String[] args) throws Exception {
    int sessions = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    System.out.println("RESULT virtualThreads=" + Threads.virtual());
    ConcurrentLinkedQueue<Boolean> handlerVirtual = new ConcurrentLinkedQueue<>();
    ChanServer server = ChanServer.builder(ChanEndpoint.builder((session, info) -> {
      handlerVirtual.add(isVirtual(Thread.currentThread()));
      serve(session);
    }).build()).build().start();
    Probe probe = new Probe(URI.create("ws://127.0.0.1:" + server.port() + "/chan"), dir.resolve("threads.json"));

    // Warm-up: one session of each kind, so that the classes they need are loaded (a virtual thread loading a
    // class contends on the class loader's lock, which the JVM may pin for it: once per class, not a blocking
    // call of the library) and the servers' and the client's I/O threads have started.
    int warm = Kind.values().length;
    probe.open(0, warm);
    probe.awaitParked(2 * warm);
    int platformWarm = ManagementFactory.getThreadMXBean().getThreadCount();
    Recording jfr = new Recording();
    jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
    jfr.start();
    probe.open(warm, sessions);
    List<JsonObject> threads = probe.awaitParked(2 * sessions);
    jfr.stop(); // the recording covers the sessions opening and blocking; closing them comes after
    int platformBlocked = ManagementFactory.getThreadMXBean().getThreadCount();
    System.out.println("RESULT blockedThreads=" + threads.size());
    System.out.println("RESULT parked=" + threads.stream().filter(VirtualThreadProbe::parkedInLibrary).count());
    System.out.println("RESULT handlers=" + handlerVirtual.size());
    System.out.println("RESULT handlersVirtual=" + handlerVirtual.stream().filter(b -> b).count());
    System.out.println("RESULT platformThreadsWarm=" + platformWarm);
    System.out.println("RESULT platformThreadsBlocked=" + platformBlocked);
    int holding = 0;
    for (JsonObject t : threads) {
      if (holdsOrWaitsOnMonitor(t)) {
        holding++;
        System.out.println("MONITOR " + t);
      }
    }
    System.out.println("RESULT monitorHolders=" + holding);

    probe.close();
    server.close();
    Path recording = dir.resolve("pinned.jfr");
    jfr.dump(recording);
    int pinned = 0;
    int classInit = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String reason = e.hasField("pinnedReason") ? e.getString("pinnedReason") : "";
      if (reason.startsWith("Waited for initialization of")) {
        // The JVM initialising one of its classes on first use (the JDK's own method-handle classes): once per
        // class and JVM, whatever the application does, and not a blocking call of the library.
        classInit++;
        continue;
      }
      pinned++;
      System.out.println("PINNED " + e.toString().replace("\n", " | "));
    }
    System.out.println("RESULT pinnedEvents=" + pinned);
    System.out.println("RESULT classInitPinnedEvents=" + classInit);
    for (String f : FAILURES) System.out.println("FAILURE " + f);
    System.out.println("RESULT failures=" + FAILURES.size());
    System.exit(0);
  }

  /** Client sessions, each with a job for its server handler and a client thread blocked in accept. */
  private static final class Probe {
    private final URI uri;
    private final Path dump;
    // Small windows so that a send and a stream write block after a few messages.
    private final ClientOptions options = ClientOptions.builder().channelCapacity(1).streamWindow(1024).build();
    private final List<Session> clients = new ArrayList<>();
    private final List<Object> kept = new ArrayList<>(); // the client's ends, so that nothing ends them

    Probe(URI uri, Path dump) {
      this.uri = uri;
      this.dump = dump;
    }

    void open(int from, int to) throws Exception {
      for (int i = from; i < to; i++) {
        Session c = ChanClient.connect(uri, options);
        clients.add(c);
        Kind kind = Kind.values()[i % Kind.values().length];
        if (kind != Kind.ACCEPT) {
          Pipe<String> in = Pipe.create();
          Pipe<String> out = Pipe.create();
          BytePipe stream = BytePipe.create();
          kept.add(in);
          kept.add(out);
          kept.add(stream);
          c.newSender(Job.class).send(new Job(kind, in.receiver(), out.sender(), stream.remote()));
        }
        // The client blocks too, on a virtual thread of its own: the peer opens nothing, so accept waits.
        startVirtual("probe-client-" + i, () -> {
          try {
            c.accept(String.class);
          } catch (Exception e) {
            // the session closes at the end
          }
        });
      }
    }

    /** Waits until {@code expected} handler and client threads are parked in a library call: that dump's threads. */
    List<JsonObject> awaitParked(int expected) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<JsonObject> threads;
      do {
        Files.deleteIfExists(dump);
        dumpThreads(dump);
        threads = probed(JsonParser.parseString(Files.readString(dump)).getAsJsonObject());
        if (threads.size() == expected && threads.stream().allMatch(VirtualThreadProbe::parkedInLibrary)) break;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a condition, with a deadline
      } while (System.nanoTime() < deadline);
      return threads;
    }

    void close() {
      for (Session c : clients) c.close();
    }
  }

  /** The README's loop, then the job's blocking call. */
  private static void serve(Session session) {
    try {
      for (Job job : session.<Job>accept(Job.class)) {
        switch (job.kind()) {
          case RECEIVE -> {
            job.in().receive();
          }
          case TIMED_RECEIVE -> {
            job.in().receive(Duration.ofMinutes(5));
          }
          case SEND -> {
            for (int i = 0; ; i++) job.out().send("message " + i); // blocks once the client's capacity is used
          }
          case STREAM_READ -> {
            job.stream().input().read();
          }
          case STREAM_WRITE -> {
            OutputStream out = job.stream().output();
            byte[] chunk = new byte[4096];
            for (int i = 0; i < 1024; i++) out.write(chunk); // blocks once the client's window is used
          }
          case SELECT -> {
            Pipe<String> never = Pipe.create();
            Select.<String>create().receive(job.in(), s -> s).receive(never.receiver(), s -> s)
                .timeout(Duration.ofMinutes(5), () -> "timeout").select();
          }
          case PIPE_RECEIVE -> {
            Pipe.<String>create().receiver().receive();
          }
          case PIPE_SEND -> {
            Pipe.<String>create().sender().send("nobody takes this");
          }
          default -> fail("unexpected job " + job.kind());
        }
      }
    } catch (Exception e) {
      // sessions close at the end of the probe
    }
  }

  private static List<JsonObject> probed(JsonObject dump) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement c : dump.getAsJsonObject("threadDump").getAsJsonArray("threadContainers")) {
      for (JsonElement t : c.getAsJsonObject().getAsJsonArray("threads")) {
        JsonObject thread = t.getAsJsonObject();
        String name = thread.has("name") ? thread.get("name").getAsString() : "";
        boolean virtual = thread.has("virtual") && thread.get("virtual").getAsBoolean();
        if (virtual && (name.startsWith("libchan4j-session-") || name.startsWith("probe-client-"))) out.add(thread);
      }
    }
    return out;
  }

  /** Parked (not running, not blocked on a monitor) with a library frame on its stack. */
  private static boolean parkedInLibrary(JsonObject t) {
    String state = t.get("state").getAsString();
    if (!state.equals("WAITING") && !state.equals("TIMED_WAITING")) return false;
    for (JsonElement frame : t.getAsJsonArray("stack")) {
      String f = frame.getAsString();
      if (f.startsWith("org.libchan4j.") && !f.startsWith("org.libchan4j.client.vt.")) return true;
    }
    return false;
  }

  private static boolean holdsOrWaitsOnMonitor(JsonObject t) {
    if (t.has("waitingOn") || t.has("blockedOn")) return true;
    if (!t.has("monitorsOwned")) return false;
    for (JsonElement m : t.getAsJsonArray("monitorsOwned")) {
      if (m.getAsJsonObject().getAsJsonArray("locks").size() > 0) return true;
    }
    return false;
  }

  private static void dumpThreads(Path file) throws Exception {
    Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
    Object json = format.getField("JSON").get(null);
    Object bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    Method dump = com.sun.management.HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
    dump.invoke(bean, file.toString(), json);
  }

  private static boolean isVirtual(Thread t) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static void startVirtual(String name, Runnable body) throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Class<?> b = Class.forName("java.lang.Thread$Builder");
    builder = b.getMethod("name", String.class).invoke(builder, name);
    b.getMethod("start", Runnable.class).invoke(builder, body);
  }

  private static void fail(String why) {
    FAILURES.add(why);
  }
}
