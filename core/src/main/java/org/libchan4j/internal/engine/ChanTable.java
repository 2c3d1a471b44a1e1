package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.libchan4j.ChanException;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/**
 * Internal: the session's id table. Allocates this side's ids (odd on the client, even from 2 on the server, up to
 * 2^32-1), binds the peer's, frees ended ones and remembers the peer's recently ended ids.
 */
final class ChanTable {
  private static final int RECENTLY_ENDED = 4096;

  private final boolean client;
  private final int maxOpen;
  private final Traffic traffic;
  private final Map<Long, Chan> byId = new HashMap<>();
  private final LinkedHashSet<Long> recentlyEnded = new LinkedHashSet<>();
  private long nextId;

  ChanTable(boolean client, int maxOpenChannels, Traffic traffic) {
    this.client = client;
    this.traffic = traffic;
    this.maxOpen = maxOpenChannels;
    this.nextId = client ? 1 : 2;
  }

  /** Gives {@code chan} this side's next id and enters it. */
  void allocate(Chan chan) {
    if (nextId > FrameWriter.MAX_ID) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "id space exhausted: this side used all its 2^31 ids");
    }
    if (byId.size() >= maxOpen) {
      throw new ChanException("cannot open another channel or stream: maxOpenChannels " + maxOpen
          + " are open in this session");
    }
    long id = nextId;
    nextId += 2;
    bind(chan, id);
  }

  /** Enters {@code chan} under {@code id} (the peer's, or one {@link #allocate} chose). */
  void bind(Chan chan, long id) {
    chan.id = id;
    if (byId.put(id, chan) == null) traffic.channelsOpened++;
  }

  /** Undoes an allocation whose message was never sent: the channel is unbound again. */
  void unbind(Chan chan) {
    if (byId.remove(chan.id) != null) traffic.channelsClosed++;
    chan.id = Chan.UNBOUND;
    chan.parent = Chan.UNBOUND;
  }

  /** The channel is over: its id leaves the table; a peer's id is remembered as recently ended. */
  void free(Chan chan) {
    if (byId.remove(chan.id) != null) traffic.channelsClosed++;
    if (!isOwnId(chan.id)) {
      recentlyEnded.add(chan.id);
      if (recentlyEnded.size() > RECENTLY_ENDED) {
        Iterator<Long> eldest = recentlyEnded.iterator();
        eldest.next();
        eldest.remove();
      }
    }
  }

  /** Removes {@code chan} if it is the one entered under its id, without remembering it. */
  void remove(Chan chan) {
    if (chan.isBound() && byId.get(chan.id) == chan) {
      byId.remove(chan.id);
      traffic.channelsClosed++;
    }
  }

  Chan get(long id) {
    return byId.get(id);
  }

  boolean contains(long id) {
    return byId.containsKey(id);
  }

  boolean endedRecently(long id) {
    return recentlyEnded.contains(id);
  }

  /** True for the ids this side allocates: odd on the client, even but not 0 on the server. */
  boolean isOwnId(long id) {
    return ((id & 1) == 1) == client && (client || id != 0);
  }

  /** Throws when the peer may not open another channel or stream. */
  void checkPeerMayOpen() {
    if (byId.size() >= maxOpen) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION,
          "peer opened more than maxOpenChannels " + maxOpen + " channels and streams");
    }
  }

  int size() {
    return byId.size();
  }

  /** A copy of the open channels, safe to iterate while they change. */
  List<Chan> snapshot() {
    return new ArrayList<>(byId.values());
  }

  void clear() {
    traffic.channelsClosed += byId.size();
    byId.clear();
  }

  void setNextIdForTest(long id) {
    nextId = id;
  }
}
