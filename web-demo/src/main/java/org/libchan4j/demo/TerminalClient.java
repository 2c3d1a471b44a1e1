package org.libchan4j.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.libchan4j.ChanException;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;
import org.libchan4j.demo.Protocol.Event;
import org.libchan4j.demo.Protocol.Incoming;
import org.libchan4j.demo.Protocol.Join;
import org.libchan4j.demo.Protocol.Member;
import org.libchan4j.demo.Protocol.Post;
import org.libchan4j.demo.Protocol.Request;
import org.libchan4j.demo.Protocol.Upload;

/**
 * A room member in the terminal, built on the Java client: chat, {@code /send FILE} with a progress bar, and
 * incoming files saved to a directory with their SHA-256 checked.
 *
 * <pre>
 * scripts/demo-terminal --url ws://127.0.0.1:8080/chan --room lobby --name ada [--downloads DIR]
 * </pre>
 */
public final class TerminalClient implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final boolean tty;
  private final Path downloads;
  private final Session session;
  private final Sender<Post> posts;
  private final ExecutorService transfers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "terminal-transfer");
    t.setDaemon(true);
    return t;
  });
  private final Thread reader;
  private volatile List<Member> members = List.of();
  private volatile boolean closing;

  /**
   * Connects and joins {@code room}, waiting for the welcome; events are then printed to {@code out} from a
   * background thread.
   *
   * @param tty whether {@code out} is a terminal (progress bars redraw in place) or a log (they print at each 25%)
   * @throws ChanException when it cannot connect
   * @throws IllegalArgumentException when the server refuses the join (the message says why)
   */
  public TerminalClient(URI url, String room, String name, Path downloads, PrintStream out, boolean tty)
      throws InterruptedException {
    this.out = out;
    this.tty = tty;
    this.downloads = downloads;
    this.session = ChanClient.connect(url);
    Pipe<Event> inbox = Pipe.buffered(256);
    Pipe<Post> postsPipe = Pipe.buffered(16);
    this.posts = postsPipe.sender();
    Sender<Request> requests = session.newSender(Request.class);
    requests.send(Request.of(new Join(room, name, "terminal", UUID.randomUUID().toString(), inbox.sender(),
        postsPipe.receiver())));
    // The first event says whether we are in: a welcome, or a notice saying why not.
    Event first;
    try {
      first = inbox.receiver().receive(java.time.Duration.ofSeconds(30));
    } catch (ChanException e) {
      session.close();
      throw new ChanException("no answer to the join: " + e.getMessage(), e);
    }
    if (first == null || first.welcome() == null) {
      session.close();
      throw new IllegalArgumentException(first != null && first.notice() != null ? first.notice().text()
          : "the server ended the join");
    }
    show(first);
    this.reader = new Thread(() -> {
      try {
        for (Event e : inbox.receiver()) show(e);
        if (!closing) print("* you are no longer in the room");
      } catch (ChanException e) {
        if (!closing) print("* disconnected: " + e.getMessage());
      }
    }, "terminal-inbox");
    reader.setDaemon(true);
    reader.start();
  }

  /** Handles one line typed by the user; false after {@code /quit}. */
  public boolean command(String line) throws InterruptedException {
    String l = line.strip();
    if (l.isEmpty()) return true;
    if (l.equals("/quit") || l.equals("/exit")) return false;
    if (l.equals("/help")) {
      print("  /send FILE   share a file with the room      /who   who is here      /quit");
    } else if (l.equals("/who")) {
      StringBuilder sb = new StringBuilder("* here:");
      for (Member m : members) sb.append(' ').append(m.name()).append(m.client().equals("terminal") ? " (terminal)" : "");
      print(sb.toString());
    } else if (l.startsWith("/send ")) {
      Path file = Path.of(l.substring(6).strip());
      transfers.execute(() -> upload(file));
    } else if (l.startsWith("/")) {
      print("* unknown command " + l.split(" ")[0] + " (try /help)");
    } else {
      posts.send(new Post(l, null));
    }
    return true;
  }

  private void upload(Path file) {
    String name = file.getFileName().toString();
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      long size = java.nio.file.Files.size(file);
      String type = java.nio.file.Files.probeContentType(file);
      Progress bar = new Progress("sending " + name, size);
      Upload u = Transfers.send(posts, name, type == null ? "application/octet-stream" : type, size, in, bar::update);
      if (u.error() != null) {
        bar.fail(u.error());
      } else {
        bar.done("sent to " + u.receivers() + (u.receivers() == 1 ? " member" : " members") + ", sha-256 "
            + u.sha256().substring(0, 12) + "…");
      }
    } catch (IOException e) {
      print("* cannot send " + file + ": " + e.getMessage());
    } catch (InterruptedException | ChanException e) {
      print("* sending " + name + " stopped: " + e.getMessage());
    }
  }

  private void download(Incoming file) {
    String safe = file.name().replaceAll("[/\\\\:\\p{Cntrl}]", "_");
    if (safe.isBlank() || safe.startsWith(".")) safe = "file-" + file.id() + safe;
    try {
      java.nio.file.Files.createDirectories(downloads);
      Path target = unique(downloads.resolve(safe));
      Progress bar = new Progress("receiving " + file.name() + " from " + file.from(), file.size());
      Transfers.Received r;
      try (OutputStream sink = java.nio.file.Files.newOutputStream(target)) {
        r = Transfers.receive(file, sink, bar::update);
      }
      if (r.verified()) {
        bar.done("saved " + target + " (" + Progress.bytes(r.bytes()) + ", sha-256 " + r.sha256().substring(0, 12)
            + "… verified)");
      } else {
        bar.fail(r.outcome() == null || r.outcome().error() == null ? "incomplete" : r.outcome().error());
      }
    } catch (IOException | InterruptedException | ChanException e) {
      print("* receiving " + file.name() + " failed: " + e.getMessage());
    }
  }

  private static Path unique(Path p) {
    if (!java.nio.file.Files.exists(p)) return p;
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    for (int i = 2; ; i++) {
      String c = dot > 0 ? n.substring(0, dot) + " (" + i + ")" + n.substring(dot) : n + " (" + i + ")";
      Path q = p.resolveSibling(c);
      if (!java.nio.file.Files.exists(q)) return q;
    }
  }

  private void show(Event e) {
    if (e.welcome() != null) {
      for (var c : e.welcome().history()) print(line(c));
      print("* joined #" + e.welcome().room() + " as " + e.welcome().name() + "  (type /help for commands)");
    } else if (e.presence() != null) {
      members = e.presence().members();
      if (e.presence().joined() != null) print("* " + e.presence().joined() + " joined");
      if (e.presence().left() != null) print("* " + e.presence().left() + " left");
    } else if (e.chat() != null) {
      print(line(e.chat()));
    } else if (e.file() != null) {
      Incoming f = e.file();
      print("* " + f.from() + " is sending " + f.name() + " (" + Progress.bytes(f.size()) + ")");
      transfers.execute(() -> download(f));
    } else if (e.notice() != null) {
      print(("error".equals(e.notice().level()) ? "! " : "* ") + e.notice().text());
    }
  }

  private static String line(Protocol.Chat c) {
    return "[" + TIME.format(Instant.ofEpochSecond(c.at())) + "] " + c.from() + ": " + c.text();
  }

  private void print(String s) {
    synchronized (out) {
      if (tty) out.print("\r\033[K");
      out.println(s);
      out.flush();
    }
  }

  /** Leaves the room (the server then ends the inbox) and closes the session. */
  @Override
  public void close() {
    closing = true;
    posts.close();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.close();
    transfers.shutdownNow();
  }

  /** A progress bar: redrawn in place on a terminal, one line per quarter otherwise. */
  private final class Progress {
    private final String label;
    private final long size;
    private int shownQuarter = -1;
    private long lastDraw;

    Progress(String label, long size) {
      this.label = label;
      this.size = size;
      update(0);
    }

    synchronized void update(long bytes) {
      int percent = size <= 0 ? 100 : (int) Math.min(100, bytes * 100 / size);
      if (tty) {
        long now = System.nanoTime();
        if (now - lastDraw < 50_000_000L && percent < 100) return;
        lastDraw = now;
        int filled = percent * 30 / 100;
        synchronized (out) {
          out.print("\r\033[K" + label + " [" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + percent + "% "
              + bytes(bytes) + " / " + bytes(size));
          out.flush();
        }
      } else if (percent / 25 > shownQuarter) {
        shownQuarter = percent / 25;
        print(label + " " + percent + "% (" + bytes(bytes) + " / " + bytes(size) + ")");
      }
    }

    void done(String what) {
      update(size);
      print("* " + what);
    }

    void fail(String why) {
      print("! " + label + " failed: " + why);
    }

    static String bytes(long n) {
      if (n < 1024) return n + " B";
      if (n < 1 << 20) return String.format("%.1f KB", n / 1024.0);
      if (n < 1 << 30) return String.format("%.1f MB", n / 1048576.0);
      return String.format("%.2f GB", n / 1073741824.0);
    }
  }

  public static void main(String[] args) throws Exception {
    URI url = URI.create("ws://127.0.0.1:" + DemoServer.DEFAULT_PORT + "/chan");
    String room = "lobby";
    String name = System.getProperty("user.name", "terminal");
    Path downloads = Path.of("downloads");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println("usage: scripts/demo-terminal [--url ws://127.0.0.1:8080/chan] [--room lobby] [--name NAME]"
            + " [--downloads DIR]");
        return;
      }
      if (i + 1 >= args.length) {
        System.err.println(a + " needs a value (try --help)");
        System.exit(2);
      }
      switch (a) {
        case "--url" -> url = URI.create(args[++i]);
        case "--room" -> room = args[++i];
        case "--name" -> name = args[++i];
        case "--downloads" -> downloads = Path.of(args[++i]);
        default -> {
          System.err.println("unknown argument '" + a + "' (try --help)");
          System.exit(2);
        }
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    TerminalClient client;
    try {
      client = new TerminalClient(url, room, name, downloads, out, System.console() != null);
    } catch (ChanException e) {
      System.err.println("cannot connect to " + url + ": " + e.getMessage() + " (is scripts/demo running?)");
      System.exit(1);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("cannot join: " + e.getMessage());
      System.exit(1);
      return;
    }
    try (client; BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!client.command(line)) break;
      }
    }
  }
}
