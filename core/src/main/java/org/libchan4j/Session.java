package org.libchan4j;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.transport.Transport;

/**
 * A libchan session: many unidirectional channels and byte streams multiplexed over one {@link Transport}.
 *
 * <p>Either side opens top-level channels ({@link #newSender}); the other side takes them in arrival order with
 * {@link #accept}. Every other channel travels inside messages: a {@link Sender} field is a return channel, a
 * {@link Receiver} field a stream of updates, a {@link ByteStream} a duplex byte stream, nested to any depth.
 *
 * <p><b>Lifecycle.</b> A session is open from {@link #open} until {@link #close()}, a transport close or a protocol
 * violation by the peer. It then ends exactly once: {@link #closeFuture()} completes (normally for an orderly close,
 * exceptionally with {@link SessionClosedException} otherwise), every open channel fails with that cause, and
 * pending calls return or throw at once.
 *
 * <p><b>State.</b> {@link #state()} is {@link State#CONNECTED} from {@link #open}, {@link State#SUSPENDED} while a
 * resumable session (extended mode, PROTOCOL.md section 14.6) has lost its connection and waits for a new one
 * (channels stay open, sends complete within the replay window), {@link State#CONNECTED} again once resumed, and
 * {@link State#CLOSED} once ended. A {@link SessionListener} ({@link SessionOptions.Builder#listener}) is told of
 * each change, with the close code and reason at the end, on the session's executor and never under its lock or
 * on the transport's thread.
 *
 * <p><b>Threading.</b> All methods are safe for concurrent use. Inbound messages are decoded on the transport's
 * thread and buffered; application code never runs on it except through {@code CompletableFuture} continuations
 * the application attaches itself (use the {@code *Async} variants of {@code CompletableFuture} to move off it).
 * Continuations that run there should not block: what they send (a reply, its END) is written together once the
 * delivery is done, or earlier if one of them waits in this library; a continuation that blocks on anything else
 * also holds back what the continuations before it sent.
 *
 * <p><b>Writes.</b> Frames are queued under the session's lock and written after it is released, several to a
 * transport message; a thread that waits in the library (a blocking {@code receive}, a {@code send} waiting for
 * capacity) writes what it queued first, so a request followed by the wait for its reply pays no thread hand-off.
 * While the transport holds more than its high-water mark unsent, sends wait (their futures stay pending) until it
 * drains; a peer that reads nothing for {@link Limits#maxWriteStallMillis} ends the session with 1008.
 */
public interface Session extends AutoCloseable {

  /** Opens a session over {@code transport}, which must not have been started. */
  static Session open(Transport transport, SessionOptions options) {
    return SessionImpl.open(transport, options);
  }

  /**
   * Opens a new top-level channel toward the peer. The peer's {@link #accept} sees it when its first message (or its
   * end) arrives: as in jschan, opening a channel sends nothing by itself.
   */
  <T> Sender<T> newSender(Class<T> type);

  /** As {@link #newSender(Class)} for a generic message type, e.g. {@code new TypeToken<List<Item>>(){}.getType()}. */
  <T> Sender<T> newSender(Type type);

  /**
   * Waits for the next top-level channel the peer opens, its messages bound to {@code type}.
   *
   * @throws SessionClosedException when the session ends before the peer opens one
   */
  <T> Receiver<T> accept(Class<T> type) throws InterruptedException;

  /** As {@link #accept(Class)} for a generic message type. */
  <T> Receiver<T> accept(Type type) throws InterruptedException;

  /**
   * As {@link #accept(Class)}, waiting at most {@code timeout}.
   *
   * @throws ChanTimeoutException when no channel arrived in time; none was taken: the next {@code accept} gets it
   */
  default <T> Receiver<T> accept(Class<T> type, Duration timeout) throws InterruptedException {
    return accept((Type) type, timeout);
  }

  /** As {@link #accept(Class, Duration)} for a generic message type. */
  <T> Receiver<T> accept(Type type, Duration timeout) throws InterruptedException;

  /**
   * The next top-level channel the peer opens; fails with {@link SessionClosedException} when the session ends.
   * Cancel-safe: a future that is cancelled, times out ({@code orTimeout}) or is completed by the application
   * before a channel arrived takes none; once one was handed to it, {@code cancel} returns false.
   */
  <T> CompletableFuture<Receiver<T>> acceptAsync(Type type);

  /** Completes when the session has ended: normally after an orderly close, otherwise with the cause. */
  CompletableFuture<Void> closeFuture();

  /** True until the session has ended. */
  boolean isOpen();

  /** Where the session is in its lifecycle now (see <b>State</b> above); safe to call from any thread. */
  State state();

  /** Which side of the session this is (it decides id parity on the wire). */
  Role role();

  /** Closes the session with {@link CloseCodes#NORMAL}; open channels fail with {@link SessionClosedException}. */
  @Override
  void close();

  /** Closes the session with the given close code and reason. Idempotent. */
  void close(int code, String reason);

  /** A session's connection state: the browser's {@code session.state}, in upper case. */
  enum State {
    /** Open, with a connection. */
    CONNECTED,
    /** Open, its connection lost; waiting, within its resume window, for a new one to resume it. */
    SUSPENDED,
    /** Ended: {@link #closeFuture()} is complete or about to be. */
    CLOSED
  }

  /** The two sides of a session. The side that opened the connection is the {@link #CLIENT}. */
  enum Role {
    /** Allocates odd ids: 1, 3, 5... */
    CLIENT,
    /** Allocates even ids from 2: 2, 4, 6... */
    SERVER
  }
}
