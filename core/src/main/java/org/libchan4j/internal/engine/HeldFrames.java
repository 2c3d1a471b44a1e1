package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/**
 * Internal: frames for a channel or stream whose reference has not arrived yet (late rendezvous), held within
 * maxPendingFrames frames and maxBufferedBytes bytes of data.
 */
final class HeldFrames {
  /** One held frame: what to deliver (data, END or an error) and its wire size (0 for END and error). */
  static final class Held {
    final Object item;
    final int size;

    Held(Object item, int size) {
      this.item = item;
      this.size = size;
    }
  }

  private static final Held END = new Held(Engine.END, 0);

  private final Map<Long, List<Held>> byId = new HashMap<>();
  private final int maxFrames;
  private final long maxBytes;
  private int frames;
  private long bytes;

  HeldFrames(int maxPendingFrames, long maxBufferedBytes) {
    this.maxFrames = maxPendingFrames;
    this.maxBytes = maxBufferedBytes;
  }

  /**
   * Holds a frame for {@code id}; {@code terminal} for END and error, which count as frames but not as bytes.
   *
   * @throws ProtocolException a limit would be exceeded
   */
  void hold(long id, Object item, int size, boolean terminal) {
    if (frames >= maxFrames) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "more than maxPendingFrames " + maxFrames
          + " frames buffered for references that never arrived (last: id " + id + ")");
    }
    // Bytes count too: maxPendingFrames frames of maxMessageBytes each would be far more than maxBufferedBytes.
    if (!terminal && bytes + size > maxBytes) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "more than maxBufferedBytes " + maxBytes
          + " bytes held for references that never arrived (last: id " + id + ")");
    }
    Held held = !terminal ? new Held(item, size) : item == Engine.END ? END : new Held(item, 0);
    Long key = id;
    List<Held> list = byId.get(key);
    if (list == null) {
      list = new ArrayList<>(); // not computeIfAbsent: a lambda costs a class in the browser bundle
      byId.put(key, list);
    }
    list.add(held);
    frames++;
    bytes += held.size;
  }

  /** Takes out the frames held for {@code id}, in arrival order, or {@code null}. */
  List<Held> release(long id) {
    List<Held> list = byId.remove(id);
    if (list == null) return null;
    frames -= list.size();
    for (Held held : list) bytes -= held.size;
    return list;
  }

  /** Frames held for all ids. */
  int count() {
    return frames;
  }

  void clear() {
    byId.clear();
    frames = 0;
    bytes = 0;
  }
}
