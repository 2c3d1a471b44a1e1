package org.libchan4j.js;

import java.util.List;
import org.libchan4j.js.internal.Deferred;

/** A message (a converted tree and the ends it carries) or a chunk (byte[]) held until its channel travels. */
final class Pending {
  final Object payload;
  final List<Endpoint> refs;
  final Deferred done;

  Pending(Object payload, List<Endpoint> refs, Deferred done) {
    this.payload = payload;
    this.refs = refs;
    this.done = done;
  }
}
