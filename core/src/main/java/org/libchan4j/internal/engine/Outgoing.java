package org.libchan4j.internal.engine;

import java.util.List;

/** Internal: one encoded frame waiting in a channel's queue for credit or for its parent's announcement. */
final class Outgoing {
  final byte[] frame;
  /** Messages (1) or bytes this frame uses of the peer's window; 0 for END, error and other control frames. */
  final int cost;
  /** Channels whose reference this frame carries: announced once it is transmitted. */
  final List<Chan> announces;

  /** END or error: this side's writing direction is over once it is transmitted. */
  final boolean terminal;

  Outgoing(byte[] frame, int cost, List<Chan> announces, boolean terminal) {
    this.frame = frame;
    this.cost = cost;
    this.announces = announces;
    this.terminal = terminal;
  }
}
