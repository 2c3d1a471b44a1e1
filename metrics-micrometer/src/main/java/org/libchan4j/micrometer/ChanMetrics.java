package org.libchan4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.micrometer.internal.RoleMeters;

/**
 * libchan4j's sessions as Micrometer meters: a {@link SessionObserver.Factory} to register wherever sessions open.
 *
 * <pre>{@code
 * ChanMetrics metrics = new ChanMetrics(registry);                       // any MeterRegistry
 * ChanEndpoint endpoint = ChanEndpoint.builder(handler).observer(metrics).build();
 * Session s = ChanClient.connect(uri, ClientOptions.builder().observer(metrics).build());
 * }</pre>
 *
 * <p><b>Meters.</b> Every meter carries the tag {@code role} ({@code server} or {@code client}: the side of the
 * sessions it counts) and the tags given to the constructor.
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code libchan4j.sessions.active}</td><td>gauge</td><td>sessions open now (suspended ones
 *       included)</td></tr>
 *   <tr><td>{@code libchan4j.sessions.opened}</td><td>counter</td><td>sessions opened</td></tr>
 *   <tr><td>{@code libchan4j.sessions.closed}</td><td>counter, tag {@code code}</td><td>sessions ended, by close
 *       code ({@link org.libchan4j.CloseCodes}; see below)</td></tr>
 *   <tr><td>{@code libchan4j.sessions.suspended}</td><td>counter</td><td>connections lost by resumable
 *       sessions</td></tr>
 *   <tr><td>{@code libchan4j.sessions.resumed}</td><td>counter</td><td>sessions resumed on a new
 *       connection</td></tr>
 *   <tr><td>{@code libchan4j.channels.open}</td><td>gauge</td><td>channels and byte streams open now</td></tr>
 *   <tr><td>{@code libchan4j.channels.opened}</td><td>counter</td><td>channels and byte streams opened</td></tr>
 *   <tr><td>{@code libchan4j.messages}</td><td>counter, tag {@code direction} ({@code in}, {@code out})</td>
 *       <td>messages received and sent on channels</td></tr>
 *   <tr><td>{@code libchan4j.bytes}</td><td>counter (bytes), tag {@code direction}</td><td>bytes of libchan
 *       frames received from and handed to the transport (WebSocket/TLS/TCP framing not included)</td></tr>
 * </table>
 * The {@code code} tag is the close code's number. A peer chooses its close codes, so to bound the number of time
 * series a registry keeps, only the first {@value RoleMeters#MAX_CODE_TAGS} distinct codes of a role get their
 * own tag (the library's {@code CloseCodes} always do); later ones are counted as {@code other}.
 *
 * <p><b>Lifecycle and threading.</b> Meters of a role are registered when the first session of that role opens,
 * and stay registered (gauges reference this object strongly). Counting is lock-free ({@code LongAdder}): one
 * add per batch the session reports. One instance may serve any number of endpoints and clients of one
 * registry; it is thread-safe. It never throws into a session.
 */
public final class ChanMetrics implements SessionObserver.Factory {
  private final MeterRegistry registry;
  private final Tags tags;
  private volatile RoleMeters server;
  private volatile RoleMeters client;

  /** Meters in {@code registry}, with no extra tags. */
  public ChanMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Meters in {@code registry} with {@code tags} (e.g. {@code Tags.of("endpoint", "chat")}) on each. */
  public ChanMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public SessionObserver create(Session.Role role, SessionOptions.Mode mode) {
    return meters(role).newSession();
  }

  private RoleMeters meters(Session.Role role) {
    RoleMeters m = role == Session.Role.SERVER ? server : client;
    if (m != null) return m;
    synchronized (this) {
      m = role == Session.Role.SERVER ? server : client;
      if (m == null) {
        m = new RoleMeters(registry, tags.and("role", role == Session.Role.SERVER ? "server" : "client"));
        if (role == Session.Role.SERVER) server = m;
        else client = m;
      }
      return m;
    }
  }

  @Override
  public String toString() {
    return "ChanMetrics(" + registry.getClass().getSimpleName() + ", " + tags + ")";
  }
}
