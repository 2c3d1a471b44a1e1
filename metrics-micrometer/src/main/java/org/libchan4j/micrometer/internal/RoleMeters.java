package org.libchan4j.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.libchan4j.CloseCodes;
import org.libchan4j.SessionObserver;

/** Internal: the meters of one role (server or client sessions) and the lock-free counts behind them. */
public final class RoleMeters {
  /** Distinct close codes that get a tag of their own, besides the library's. */
  public static final int MAX_CODE_TAGS = 32;

  private final MeterRegistry registry;
  private final Tags tags;
  final LongAdder sessionsOpened = new LongAdder();
  final LongAdder sessionsClosed = new LongAdder();
  final LongAdder suspended = new LongAdder();
  final LongAdder resumed = new LongAdder();
  final LongAdder channelsOpened = new LongAdder();
  final LongAdder channelsClosed = new LongAdder();
  final LongAdder messagesIn = new LongAdder();
  final LongAdder messagesOut = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  private final ConcurrentHashMap<Integer, Counter> closedByCode = new ConcurrentHashMap<>();
  private final Counter closedOther;

  public RoleMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    Gauge.builder("libchan4j.sessions.active", this, m -> m.sessionsOpened.sum() - m.sessionsClosed.sum())
        .description("Sessions open now, suspended ones included").tags(tags).strongReference(true)
        .register(registry);
    counter("libchan4j.sessions.opened", "Sessions opened", sessionsOpened, tags, null);
    counter("libchan4j.sessions.suspended", "Connections lost by resumable sessions", suspended, tags, null);
    counter("libchan4j.sessions.resumed", "Sessions resumed on a new connection", resumed, tags, null);
    Gauge.builder("libchan4j.channels.open", this, m -> m.channelsOpened.sum() - m.channelsClosed.sum())
        .description("Channels and byte streams open now").tags(tags).strongReference(true).register(registry);
    counter("libchan4j.channels.opened", "Channels and byte streams opened", channelsOpened, tags, null);
    counter("libchan4j.messages", "Messages received on channels", messagesIn, tags.and("direction", "in"), null);
    counter("libchan4j.messages", "Messages sent on channels", messagesOut, tags.and("direction", "out"), null);
    counter("libchan4j.bytes", "Bytes of frames received", bytesIn, tags.and("direction", "in"), "bytes");
    counter("libchan4j.bytes", "Bytes of frames sent", bytesOut, tags.and("direction", "out"), "bytes");
    closedOther = closedCounter("other");
  }

  private void counter(String name, String description, LongAdder count, Tags tags, String unit) {
    FunctionCounter.builder(name, count, LongAdder::sum).description(description).tags(tags).baseUnit(unit)
        .register(registry);
  }

  private Counter closedCounter(String code) {
    return Counter.builder("libchan4j.sessions.closed").description("Sessions ended, by close code").tags(tags)
        .tag("code", code).register(registry);
  }

  /** A new session's observer. */
  public SessionObserver newSession() {
    return new MeteredSession(this);
  }

  /** A session ended with {@code code}. */
  void closed(int code) {
    sessionsClosed.increment();
    Counter c = closedByCode.get(code);
    if (c == null) {
      boolean own = !CloseCodes.name(code).startsWith("code ");
      if (!own && closedByCode.size() >= MAX_CODE_TAGS) {
        closedOther.increment();
        return;
      }
      c = closedByCode.computeIfAbsent(code, k -> closedCounter(String.valueOf(k)));
    }
    c.increment();
  }
}
