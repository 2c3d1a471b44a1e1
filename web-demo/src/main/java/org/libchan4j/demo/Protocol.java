package org.libchan4j.demo;

import java.util.List;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/**
 * The demo's whole protocol: the messages as records, with the channels they carry. There is no other API: no URL
 * routes, no request ids, no polling. A client opens one top-level channel of {@link Request}s; everything else
 * (replies, events, streams, progress) travels on channels that the requests themselves carry.
 *
 * <p>Who creates which channel: a field typed {@code Sender<X>} on the server side was made by the client (the
 * client reads it: a return channel); a field typed {@code Receiver<X>} was made by the client too (the client
 * writes it); in the messages the server sends, the server made them. In the browser, "made" means
 * {@code sender.newReceiver()}, {@code sender.newSender()} or {@code sender.newByteStream()}; in Java, a
 * {@link org.libchan4j.Pipe} or {@link org.libchan4j.BytePipe} whose other end is kept.
 *
 * <p>Records with several nullable fields are unions: exactly one field is set (null fields are not sent), which
 * reads naturally in JavaScript ({@code if (event.chat) ...}).
 */
public final class Protocol {
  private Protocol() {}

  /** What a client sends on its top-level channel. Exactly one field is set. */
  public record Request(Join join, Volunteer volunteer, Watch watch, Batch batch, WatchStats stats) {
    public static Request of(Join join) { return new Request(join, null, null, null, null); }
    public static Request of(Volunteer volunteer) { return new Request(null, volunteer, null, null, null); }
    public static Request of(Watch watch) { return new Request(null, null, watch, null, null); }
    public static Request of(Batch batch) { return new Request(null, null, null, batch, null); }
    public static Request of(WatchStats stats) { return new Request(null, null, null, null, stats); }
  }

  // ------------------------------------------------------------------------------------------------ rooms

  /**
   * Enter {@code room} as {@code name}. The member hands over its {@code inbox} (the server writes {@link Event}s
   * into it for as long as the member is present) and its {@code posts} (the member writes {@link Post}s; ending
   * it leaves the room). {@code client} is {@code "browser"} or {@code "terminal"}; {@code clientId} identifies a
   * browser tab across reloads, so a reload replaces the old membership instead of adding a ghost.
   */
  public record Join(String room, String name, String client, String clientId, Sender<Event> inbox,
      Receiver<Post> posts) {}

  /** What arrives in a member's inbox. Exactly one field is set; {@code welcome} comes first. */
  public record Event(Welcome welcome, Presence presence, Chat chat, Incoming file, Notice notice) {
    public static Event of(Welcome w) { return new Event(w, null, null, null, null); }
    public static Event of(Presence p) { return new Event(null, p, null, null, null); }
    public static Event of(Chat c) { return new Event(null, null, c, null, null); }
    public static Event of(Incoming f) { return new Event(null, null, null, f, null); }
    public static Event of(Notice n) { return new Event(null, null, null, null, n); }
  }

  /** The member's id and final name (a suffix is added when the name is taken), and the room's recent chat. */
  public record Welcome(String you, String name, String room, List<Chat> history) {}

  /** Who is in the room now, and who just came or went (null when nobody did). */
  public record Presence(List<Member> members, String joined, String left) {}

  public record Member(String id, String name, String client) {}

  /**
   * A chat line; {@code at} is in seconds since the epoch (jschan's msgpack integers stop at 2^32, so no
   * milliseconds: every number in this protocol stays below 2^32).
   */
  public record Chat(String from, String text, long at) {}

  /** A line from the server: {@code level} is {@code "info"} or {@code "error"}. */
  public record Notice(String level, String text) {}

  /** What a member writes on its {@code posts} channel. Exactly one field is set. */
  public record Post(String text, Share file) {}

  // ------------------------------------------------------------------------------------------------ files

  /**
   * Send a file to everyone else in the room: the bytes flow on {@code data} (the client writes, then ends its
   * direction), and the server reports on {@code progress} how many bytes it has taken so far. The client keeps at
   * most {@link Files#WINDOW} bytes beyond the last report in flight: that is the flow control, end to end.
   */
  public record Share(String name, String type, long size, ByteStream data, Sender<Upload> progress) {}

  /** Upload progress: bytes the server has taken and handed to {@code receivers}; the last one has done set. */
  public record Upload(long bytes, int receivers, boolean done, String sha256, String error) {}

  /**
   * A file coming in, in the member's inbox: read {@code data} until its end and confirm what was read on
   * {@code acks} (the server sends at most {@link Files#WINDOW} bytes beyond the last ack; ending {@code acks}
   * cancels). {@code outcome} then says whether the whole file went through and its SHA-256.
   */
  public record Incoming(String id, String from, String name, String type, long size, ByteStream data,
      Sender<Ack> acks, Receiver<Outcome> outcome) {}

  public record Ack(long bytes) {}

  /** How a transfer ended for one receiver: {@code complete} with the uploader's SHA-256, or an error. */
  public record Outcome(boolean complete, long bytes, String sha256, String error) {}

  // ------------------------------------------------------------------------------------------------ workers

  /**
   * Volunteer as a worker: the server sends {@link Job}s on {@code jobs}, one at a time. The volunteer writes
   * {@link WorkerStatus} updates on {@code status}; ending it (or closing the tab) withdraws, and a job in hand is
   * given to another worker.
   */
  public record Volunteer(String name, Sender<Job> jobs, Receiver<WorkerStatus> status) {}

  /** {@code holding}: the worker keeps jobs without finishing them (a frozen device, to watch reassignment). */
  public record WorkerStatus(boolean holding) {}

  /** Count the primes in [from, to) and answer once on {@code reply}. */
  public record Job(String id, String batch, long from, long to, Sender<JobResult> reply) {}

  public record JobResult(long primes, long millis) {}

  /** Subscribe to the compute board: the server sends a fresh {@link Board} whenever it changes (at most 5/s). */
  public record Watch(Sender<Board> board) {}

  /** Count the primes below {@code limit} in {@code jobs} jobs; the result comes once on {@code result}. */
  public record Batch(String by, long limit, int jobs, Sender<BatchInfo> result) {}

  public record Board(List<WorkerInfo> workers, List<BatchInfo> batches, long numbersPerSecond, int queued) {}

  /**
   * {@code state} is {@code "idle"}, {@code "working"} or {@code "holding"}; {@code job} the job in hand;
   * {@code numbersPerSecond} its speed over the compute time it reported.
   */
  public record WorkerInfo(String id, String name, String state, String job, long jobs, long numbersPerSecond) {}

  // ------------------------------------------------------------------------------------------------ stats

  /** Subscribe to the server's numbers: a fresh {@link ServerStats} at once, then every second. */
  public record WatchStats(Sender<ServerStats> updates) {}

  /**
   * What the server's {@code ChanMetrics} counted over all its sessions: sessions open now and resumed so far,
   * channels open now, messages and KiB (bytes / 1024: every number stays below 2^32) in and out.
   */
  public record ServerStats(long sessions, long resumed, long channels, long messagesIn, long messagesOut,
      long kibIn, long kibOut) {}

  /** A batch: {@code expected} is the known prime count for powers of ten (0 when unknown). */
  public record BatchInfo(String id, String by, long limit, int jobs, int done, int reassigned, long primes,
      long expected, long elapsedMs, boolean finished) {}
}
