package org.libchan4j;

import com.google.gson.GsonBuilder;
import java.lang.reflect.Type;
import java.util.Objects;
import org.libchan4j.internal.binding.Binder;
import org.libchan4j.internal.topic.Fanout;
import org.libchan4j.internal.topic.Published;

/**
 * One message to many channels (a chat room, a topic): {@link #publish} binds and encodes the message once and
 * shares the bytes among the subscribers, and each subscriber has its own bounded queue, so one slow subscriber
 * neither holds back the others nor makes memory grow.
 *
 * <pre>{@code
 * Topic<Chat> room = Topic.create(Chat.class);               // FAIL after 1024 waiting messages
 * Topic.Subscription s = room.subscribe(inbox);              // any Sender<Chat>: a session channel, a Pipe end
 * room.publish(new Chat("ann", "hello"));                    // never blocks
 * s.close();                                                 // or it ends with the channel
 * }</pre>
 *
 * <p><b>Encode once.</b> {@code publish} turns the message into its wire tree once, with the topic's own Gson
 * configuration ({@link Builder#gson}; the subscribers' sessions' configurations are not consulted), and encodes
 * that to msgpack once. A session channel gets those bytes spliced into its frame: the wire is byte for byte that
 * of {@link Sender#sendAsync} with the same configuration, in both protocol modes, and the session's limits (such
 * as {@link Limits#maxMessageBytes}) still apply to it. Any other sender (a {@link Pipe} end, a decorator) gets
 * {@code sendAsync(message)} with the message object itself, shared: do not modify a message once published.
 *
 * <p><b>No channels in messages.</b> A channel or byte stream belongs to one session, so a message carrying a
 * {@link Sender}, {@link Receiver}, {@link ByteStream} or Java stream field anywhere cannot be shared: {@code publish}
 * throws {@link IllegalArgumentException} naming where, and nothing is sent to anyone. Send such messages to each
 * subscriber with {@link Sender#sendAsync}.
 *
 * <p><b>Flow control.</b> A message <i>waits</i> for a subscriber from {@code publish} until the future of its
 * send completes: while the channel has no room (the receiver's capacity is used up, extended mode), or while
 * the session's transport is over its high-water mark (either mode). At most {@link Builder#maxQueued} messages
 * ({@value #DEFAULT_MAX_QUEUED} by default) wait per subscriber; a publish that finds one full applies the
 * {@link Overflow} policy to it alone. The default is {@link Overflow#FAIL}: a subscriber that fell behind is told
 * so and can resynchronise (rejoin, reload), where dropping would lose chat lines silently and waiting without
 * limit would let one stalled tab hold memory for every message of the room. 1024 absorbs a burst, or a
 * background tab throttled for seconds, at the cost, per slow subscriber, of 1024 waiting sends that reference the
 * shared encodings rather than copy them. What a subscriber's channel buffers on the receiving side (its capacity)
 * is on top; in the jschan-compatible mode, which has no flow control, sends wait only for the transport.
 *
 * <p><b>Order.</b> Each subscriber receives the messages in publish order, minus those it dropped. Publishes from
 * several threads are ordered once, as they enter the topic (a short lock that no sender is called under), and
 * every subscriber sees that one order. When {@code publish} returns, the message has been handed to every
 * subscriber's channel ({@code sendAsync}), or dropped for it, unless a publish already in progress (on another
 * thread, or further up this thread's stack) hands it on, which that one does before it returns; so a direct send
 * made after a publish returns, on the same thread or under the same lock, follows it on that channel.
 *
 * <p><b>Lifecycle.</b> A subscription lasts until {@link Subscription#close()}, {@link #close()}, the FAIL policy,
 * or the end of its channel: closed or failed by this side, cancelled by the receiver, or its session ended (a send
 * failing with {@link ChannelClosedException} or {@link SessionClosedException} ends it too). Such errors end that
 * subscription only; they never reach the publisher or other subscribers. A closed topic refuses {@link #publish}
 * and {@link #subscribe} with {@link IllegalStateException}; it never closes the subscribers' channels.
 *
 * <p><b>Threading.</b> Safe for concurrent use. {@code publish} runs the subscribers' {@code sendAsync} on the
 * calling thread, never under a lock of the topic or a session; they must not block (the library's do not). A
 * send that completes later completes on the thread that made room (a transport's thread).
 *
 * <p><b>Errors.</b> {@code publish} throws {@link EncodingException} (the message has no wire form; nothing is sent),
 * {@link IllegalArgumentException} (it carries channels), {@link IllegalStateException} (closed),
 * {@link NullPointerException} for a null message. A subscriber's own send failing otherwise (its session's lower
 * limits, a compat peer's refusal of a falsy scalar) counts as dropped for it and keeps it subscribed.
 */
public final class Topic<T> implements AutoCloseable {
  /** The default of {@link Builder#maxQueued}. */
  public static final int DEFAULT_MAX_QUEUED = 1024;

  /**
   * The code a subscriber's channel fails with under {@link Overflow#FAIL} ({@link ChannelFailedException#code()}),
   * like HTTP's "429 Too Many Requests". The jschan-compatible mode has no error frame: there the channel ends.
   */
  public static final int FELL_BEHIND = 429;

  /** What a publish does for a subscriber that already has {@link Builder#maxQueued} messages waiting. */
  public enum Overflow {
    /** Skip this message for it, counted in {@link Subscription#dropped()}: it gets the oldest, with gaps. */
    DROP_NEWEST,
    /**
     * Call back its oldest waiting message that has not reached its channel yet (a send's future whose cancel
     * succeeds: it never reaches the wire), counted in {@link Subscription#dropped()}, and queue this one: it ends
     * with the newest. Until the publish has done so one more message waits. If every waiting message is on its
     * way already (compat mode, transport backpressure), the oldest one still queued here is dropped instead.
     */
    DROP_OLDEST,
    /**
     * Unsubscribe it: its waiting messages are called back and its channel fails with {@link #FELL_BEHIND} after
     * what was already on its way. The default (see the class documentation).
     */
    FAIL
  }

  /** One subscriber's membership; its counters add up: every message published while it is active ends in one. */
  public interface Subscription extends AutoCloseable {
    /**
     * Unsubscribes: no message is handed to the channel after this returns, and those waiting for room in it are
     * called back (counted as dropped). The channel stays open. Idempotent.
     */
    @Override
    void close();

    /** Messages whose send completed: taken by the channel's flow control (see {@link Sender#sendAsync}). */
    long delivered();

    /** Messages it will never get: by the overflow policy, a failed send, or unsubscribing while they waited. */
    long dropped();

    /** False once unsubscribed, for whatever reason. */
    boolean isActive();
  }

  private final Type type;
  private final Binder binder;
  private final Fanout fanout;

  private Topic(Builder<T> b) {
    this.type = b.type;
    this.binder = new Binder(b.gson, null); // writes trees only: no reference is ever resolved
    this.fanout = new Fanout(b.maxQueued, b.overflow);
  }

  /** A topic with the defaults: {@value #DEFAULT_MAX_QUEUED} waiting messages per subscriber, then FAIL. */
  public static <T> Topic<T> create(Class<T> type) {
    return builder(type).build();
  }

  public static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(type);
  }

  /** For a generic message type, e.g. {@code new TypeToken<List<Item>>(){}.getType()}. */
  public static <T> Builder<T> builder(Type type) {
    return new Builder<>(type);
  }

  /**
   * Adds a subscriber; it gets the messages published from now on. Session channels take the encode-once path.
   *
   * @throws IllegalStateException once the topic is closed
   */
  public Subscription subscribe(Sender<? super T> subscriber) {
    return fanout.subscribe(Objects.requireNonNull(subscriber, "subscriber"));
  }

  /**
   * Sends {@code message} to every subscriber without waiting for any (see the class documentation).
   *
   * @return how many subscribers it was queued for (not those that dropped it or fell behind)
   */
  public int publish(T message) {
    Objects.requireNonNull(message, "message");
    return fanout.publish(new Published(message, binder.toTree(message, type)));
  }

  /** How many subscriptions are active now. */
  public int subscribers() {
    return fanout.size();
  }

  /** Unsubscribes everyone (as {@link Subscription#close()}); the subscribers' channels stay open. Idempotent. */
  @Override
  public void close() {
    fanout.close();
  }

  /** Options of a {@link Topic}. */
  public static final class Builder<T> {
    private final Type type;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private Overflow overflow = Overflow.FAIL;
    private GsonBuilder gson;

    private Builder(Type type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** How many messages may wait per subscriber before {@link #overflow} applies; at least 1. */
    public Builder<T> maxQueued(int perSubscriber) {
      if (perSubscriber < 1) throw new IllegalArgumentException("maxQueued must be at least 1: " + perSubscriber);
      this.maxQueued = perSubscriber;
      return this;
    }

    /** What happens to a subscriber that is full; {@link Overflow#FAIL} by default. */
    public Builder<T> overflow(Overflow policy) {
      this.overflow = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The Gson configuration messages are bound with, as {@link SessionOptions.Builder#gson}; not modified. */
    public Builder<T> gson(GsonBuilder config) {
      this.gson = config;
      return this;
    }

    public Topic<T> build() {
      return new Topic<>(this);
    }
  }
}
