package org.libchan4j.internal.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.ChanException;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.msgpack.MsgpackExt;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;

/**
 * Fuzzes the engine as a state machine: a client and a server engine (compat or extended mode) joined by in-order
 * queues, driven by a fuzzer-chosen sequence of application calls (open, send with nested channels and streams,
 * sendBytes, end, fail, cancelInput, abandonOutput, consumed, tick), deliveries, and forged frames built as valid
 * msgpack maps (so they reach deep states) or raw bytes. Regression mode replays {@code EngineFuzzTestInputs/}.
 *
 * <p>Invariants after every step (see {@link FuzzSide}): only documented exceptions escape (application calls:
 * {@link ChanException}s; input: {@link ProtocolException} with an input close code; tick: keepalive 4000), limits
 * hold, frames out are well-formed, nothing is delivered after a channel's end, and a closed engine is empty. While
 * no frame was forged and the limits are the defaults, the two honest engines never see a protocol error, and every
 * channel delivers its messages once, in order, with nothing invented.
 *
 * <p>Resumption (PROTOCOL.md section 14.6): when both engines agree on it, a drop loses every frame in flight and
 * detaches both; a reconnect resumes through {@link Engine#resume}, {@link Engine#readResume} and
 * {@link Engine#acceptResume}, and drops may hit the handshake too. The honest invariants hold across drops; nothing
 * is transmitted while detached; the replay buffer stays within its window plus one message; and an honest run that
 * is still open ends reconnected with every message sent delivered ({@code settle}).
 */
class EngineFuzzTest {
  private static final int MAX_STEPS = 400;
  static final String TOKEN = "fuzz-resume-token-0123456789abcdef";

  @FuzzTest
  void session(FuzzedDataProvider data) {
    boolean extended = data.consumeBoolean();
    boolean tight = data.consumeBoolean();
    Limits limits = Limits.defaults();
    if (tight) {
      limits = limits.withMaxOpenChannels(data.consumeInt(1, 12)).withMaxPendingFrames(data.consumeInt(1, 6))
          .withMaxDepth(data.consumeInt(2, 6)).withMaxContainerSize(data.consumeInt(2, 16))
          .withMaxStringBytes(data.consumeInt(1, 64)).withMaxBinBytes(data.consumeInt(1, 2048))
          .withMaxMessageBytes(data.consumeInt(256, 4096));
    }
    boolean resumable = extended && data.consumeBoolean();
    FuzzSide client = side("client", true, extended, resumable, limits, data);
    FuzzSide server = side("server", false, extended, resumable, limits, data);
    client.engine.start(0);
    server.engine.start(0);
    Run run = new Run(client, server, tight);
    for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
      FuzzSide me = data.consumeBoolean() ? client : server;
      run.step(me, me == client ? server : client, data);
      if (client.engine.isClosed() || server.engine.isClosed()) run.link = Link.LINKED;
      run.checkLink();
      client.checkInvariants();
      server.checkInvariants();
      run.checkOrder(client, server);
      run.checkOrder(server, client);
      if (client.engine.isClosed() || server.engine.isClosed()) break;
    }
    run.settle();
    run.finish(client, server);
  }

  private static FuzzSide side(String name, boolean client, boolean extended, boolean resumable, Limits limits,
      FuzzedDataProvider data) {
    ExtendedMode ext = null;
    if (resumable) {
      ext = new ExtendedMode(data.consumeInt(0, 4), data.consumeInt(1024, 4096), data.pickValue(new long[] {0, 1000}),
          data.consumeInt(1024, 4096), client ? null : TOKEN);
    } else if (extended) {
      ext = new ExtendedMode(data.consumeInt(0, 4), data.consumeInt(1024, 4096), data.pickValue(new long[] {0, 1000}));
    }
    return new FuzzSide(name, client, ext, limits);
  }

  /** A hello frame with this capacity and window. */
  static byte[] hello(long cap, long win) {
    return hello(cap, win, 0, null);
  }

  /** A hello frame with this capacity, window, replay window ({@code rs}, 0: none) and token (null: none). */
  static byte[] hello(long cap, long win, long rs, String tok) {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("t", "hello");
    m.put("v", 1L);
    m.put("cap", cap);
    m.put("win", win);
    m.put("ka", 0L);
    if (rs != 0) m.put("rs", rs);
    if (tok != null) m.put("tok", tok);
    return new MsgpackWriter(MsgpackProfile.STANDARD, null).write(m).toByteArray();
  }

  /** The state of the connection between the two engines (resumption, PROTOCOL.md section 14.6). */
  enum Link {
    /** Both engines attached (or no drop happened). */
    LINKED,
    /** Dropped: both detached, nothing in flight. */
    DETACHED,
    /** The client sent its resume request; the server has not read it yet. */
    RESUME_SENT,
    /** The server accepted the resume; the client has not processed its resumed yet. */
    ACCEPTED
  }

  private static final class Run {
    final FuzzSide client;
    final FuzzSide server;
    final boolean tight;
    /** Set once a forged frame went in: from then on protocol errors are the expected outcome. */
    boolean forged;
    Link link = Link.LINKED;

    Run(FuzzSide client, FuzzSide server, boolean tight) {
      this.client = client;
      this.server = server;
      this.tight = tight;
    }

    void step(FuzzSide me, FuzzSide peer, FuzzedDataProvider data) {
      int op = data.consumeInt(0, 17);
      switch (op) {
        case 0: open(me); break;
        case 1: case 2: case 3: send(me, data); break;
        case 4: sendBytes(me, data); break;
        case 5: end(me, data, false); break;
        case 6: end(me, data, true); break;
        case 7: streamCall(me, data); break;
        case 8: consume(me, data); break;
        case 9: tick(me, peer, data); break;
        case 10: case 11: case 12: deliver(me, peer, data.consumeInt(1, 8)); break;
        case 13: forge(me, peer, data); break;
        case 14: forgeRaw(me, peer, data); break;
        case 15: drop(); break;
        case 16: reconnect(); break;
        default: // the transport of one side ends: both engines close, as their owners would
          me.closeLikeTheOwner(new ChanException("transport closed"));
          peer.closeLikeTheOwner(new ChanException("transport closed"));
      }
    }

    private void open(FuzzSide me) {
      Chan chan;
      try {
        chan = me.engine.openChannel(null);
      } catch (ChanException e) {
        me.check(me.engine.isClosed() || me.engine.openCount() >= me.limits.maxOpenChannels(), "open refused: " + e);
        return;
      }
      me.check(chan.isBound() && chan.kind() == Chan.Kind.OUT, "opened " + chan);
      me.apps.add(new FuzzSide.App(me, chan));
    }

    private FuzzSide.App pick(FuzzSide me, FuzzedDataProvider data) {
      if (me.apps.isEmpty()) return null;
      return me.apps.get(data.consumeInt(0, me.apps.size() - 1));
    }

    private void send(FuzzSide me, FuzzedDataProvider data) {
      FuzzSide.App app = pick(me, data);
      if (app == null || app.chan.kind() != Chan.Kind.OUT) return;
      List<FuzzSide.App> nested = new ArrayList<>();
      Map<Object, Object> message = new LinkedHashMap<>();
      message.put("n", app.sentSeq);
      message.put("v", value(me, data, 2, nested));
      try {
        me.engine.send(app.chan, message);
      } catch (EncodingException | ChannelClosedException e) {
        for (FuzzSide.App n : nested) me.check(!n.chan.isBound(), "refused message left " + n.chan + " bound");
        return;
      } catch (ChanException e) {
        me.check(me.engine.isClosed() || me.engine.openCount() + nested.size() > me.limits.maxOpenChannels(),
            "send threw " + e);
        for (FuzzSide.App n : nested) me.check(!n.chan.isBound(), "refused message left " + n.chan + " bound");
        return;
      }
      app.sentSeq++;
      for (FuzzSide.App n : nested) {
        me.check(n.chan.isBound(), "sent reference " + n.chan + " is unbound");
        me.apps.add(n);
      }
    }

    /** A message value: scalars, containers, and now and then a new channel or stream (collected in nested). */
    private Object value(FuzzSide me, FuzzedDataProvider data, int depth, List<FuzzSide.App> nested) {
      switch (data.consumeInt(0, depth > 0 ? 9 : 6)) {
        case 0: return null;
        case 1: return data.consumeBoolean();
        case 2: return data.consumeLong();
        case 3: return data.consumeString(20);
        case 4: return data.consumeBytes(data.consumeInt(0, 40));
        case 5: return data.consumeDouble();
        case 6: {
          Chan.Kind kind = data.pickValue(Chan.Kind.values());
          Chan chan = me.engine.newUnbound(kind, null, data.consumeInt(-1, 3));
          FuzzSide.App app = new FuzzSide.App(me, chan);
          nested.add(app);
          return chan;
        }
        case 7: {
          List<Object> list = new ArrayList<>();
          for (int i = data.consumeInt(0, 3); i > 0; i--) list.add(value(me, data, depth - 1, nested));
          return list;
        }
        default: {
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = data.consumeInt(0, 3); i > 0; i--) {
            String key = data.consumeString(4);
            if (!map.containsKey(key)) map.put(key, value(me, data, depth - 1, nested)); // no value is overwritten
          }
          return map;
        }
      }
    }

    private void sendBytes(FuzzSide me, FuzzedDataProvider data) {
      FuzzSide.App app = pick(me, data);
      if (app == null || app.chan.kind() != Chan.Kind.STREAM || !app.chan.isBound()) return;
      byte[] chunk = data.consumeBytes(data.consumeInt(0, 3000));
      try {
        me.engine.sendBytes(app.chan, chunk, 0, chunk.length);
      } catch (ChannelClosedException e) {
        me.check(app.chan.isLocalEnded(), "sendBytes threw " + e + " on a stream not ended");
      } catch (ChanException e) {
        me.check(me.engine.isClosed(), "sendBytes threw " + e);
      }
    }

    private void end(FuzzSide me, FuzzedDataProvider data, boolean fail) {
      FuzzSide.App app = pick(me, data);
      if (app == null) return;
      if (app.chan.kind() == Chan.Kind.IN) app.cancelled = true; // the reader stops reading: the rest is dropped
      if (fail) me.engine.fail(app.chan, data.consumeInt(), data.consumeString(10));
      else me.engine.end(app.chan);
    }

    private void streamCall(FuzzSide me, FuzzedDataProvider data) {
      FuzzSide.App app = pick(me, data);
      if (app == null || app.chan.kind() != Chan.Kind.STREAM) return;
      if (data.consumeBoolean()) me.engine.cancelInput(app.chan);
      else me.engine.abandonOutput(app.chan);
    }

    private void consume(FuzzSide me, FuzzedDataProvider data) {
      FuzzSide.App app = pick(me, data);
      if (app == null || app.delivered == app.consumed) return;
      long n = data.consumeLong(1, app.delivered - app.consumed);
      app.consumed += n;
      me.engine.consumed(app.chan, n);
    }

    private void tick(FuzzSide me, FuzzSide peer, FuzzedDataProvider data) {
      long millis = data.consumeLong(0, 3000);
      if (!me.tick(millis)) peer.closeLikeTheOwner(new ChanException("peer timed out"));
    }

    /**
     * The connection drops without a close: whatever was in flight is lost, and both owners detach their engines
     * (the session is suspended). Only once both hellos agreed on resumption, as the session layer does.
     */
    private void drop() {
      if (!client.engine.isResumable() || !server.engine.isResumable()) return;
      client.outbox.clear();
      server.outbox.clear();
      client.engine.detach();
      server.engine.detach();
      link = Link.DETACHED;
    }

    /** The client opens a new connection and asks to resume; the server reads that on its first delivery. */
    private void reconnect() {
      if (link != Link.DETACHED || client.engine.isClosed() || server.engine.isClosed()) return;
      client.engine.resume(client.now);
      client.check(client.outbox.size() == 1, "resume sent " + client.outbox.size() + " frames, not 1");
      link = Link.RESUME_SENT;
    }

    /** The server's side of a new connection: its first message must be the client's resume request. */
    private void acceptResume() {
      byte[] first = client.outbox.poll();
      Engine.ResumeRequest request;
      try {
        request = Engine.readResume(first, server.limits);
      } catch (ProtocolException e) {
        server.check(forged, "honest resume request rejected: " + e);
        server.check(e.closeCode() == CloseCodes.PROTOCOL_ERROR, "readResume threw " + e);
        client.closeLikeTheOwner(e);
        server.closeLikeTheOwner(e);
        return;
      }
      if (forged && (request == null || !TOKEN.equals(request.token))) {
        ProtocolException refused = new ProtocolException(CloseCodes.PROTOCOL_ERROR, "resume refused");
        client.closeLikeTheOwner(refused);
        server.closeLikeTheOwner(refused);
        return;
      }
      server.check(request != null, "the client's first message on the new connection is no resume request");
      server.check(TOKEN.equals(request.token), "resume request with token " + request.token);
      try {
        server.engine.acceptResume(request.received, server.now);
      } catch (ProtocolException e) {
        server.check(forged, "honest resume refused: " + e);
        server.check(FuzzSide.INPUT_CODES.contains(e.closeCode()), "acceptResume threw " + e);
        server.closeLikeTheOwner(e);
        client.closeLikeTheOwner(e);
        return;
      }
      link = Link.ACCEPTED;
    }

    /** Nothing numbered travels while detached; during the handshake only its own frames. */
    void checkLink() {
      if (forged) return; // a forged ping, say, is answered on any connection
      switch (link) {
        case DETACHED:
          client.check(client.outbox.isEmpty(), "transmitted " + client.outbox.size() + " frames while detached");
          server.check(server.outbox.isEmpty(), "transmitted " + server.outbox.size() + " frames while detached");
          client.check(!client.engine.isLinked() && !server.engine.isLinked(), "linked while detached");
          break;
        case RESUME_SENT:
          client.check(client.outbox.size() <= 1, "transmitted frames after the resume request");
          server.check(server.outbox.isEmpty(), "transmitted " + server.outbox.size() + " frames while detached");
          break;
        case ACCEPTED:
          client.check(client.outbox.isEmpty(), "transmitted frames before the server's resumed");
          client.check(!client.engine.isLinked(), "linked before resumed");
          break;
        default:
          if (!client.engine.isClosed()) client.check(client.engine.isLinked(), "not linked");
          if (!server.engine.isClosed()) server.check(server.engine.isLinked(), "not linked");
      }
    }

    private void deliver(FuzzSide from, FuzzSide to, int count) {
      if (link == Link.DETACHED) return;
      if (from == client && link == Link.RESUME_SENT) {
        if (from.outbox.isEmpty()) return;
        acceptResume();
        return;
      }
      for (int i = 0; i < count && !from.outbox.isEmpty() && !to.engine.isClosed(); i++) {
        boolean ok = to.receive(from.outbox.poll());
        if (ok && link == Link.ACCEPTED && to == client && client.engine.isLinked()) link = Link.LINKED;
        if (!ok) {
          to.check(forged || tight, "honest peer's frame rejected (see the cause above)");
          from.closeLikeTheOwner(new ChanException("peer failed"));
        }
      }
    }

    /** A structurally valid frame with fuzzer-chosen keys and values: ids near the live ones, refs, control types. */
    private void forge(FuzzSide me, FuzzSide peer, FuzzedDataProvider data) {
      Map<Object, Object> frame = new LinkedHashMap<>();
      String[] keys = {"id", "data", "parent", "t", "credit", "code", "msg", "seq", "v", "cap", "win", "ka", "x", "n",
          "rs", "tok"};
      for (int i = data.consumeInt(1, 5); i > 0; i--) {
        String key = data.pickValue(keys);
        frame.put(key, forgedValue(key, peer, data));
      }
      byte[] bytes;
      try {
        bytes = new MsgpackWriter(MsgpackProfile.STANDARD, null).write(frame).toByteArray();
      } catch (RuntimeException e) {
        return;
      }
      inject(me, peer, bytes);
    }

    private void forgeRaw(FuzzSide me, FuzzSide peer, FuzzedDataProvider data) {
      inject(me, peer, data.consumeBytes(data.consumeInt(0, 64)));
    }

    /** Bytes that claim to come from {@code me} go into {@code peer}. */
    private void inject(FuzzSide me, FuzzSide peer, byte[] bytes) {
      // A forger needs a connection: none while detached, and the server's new one is read by acceptResume first.
      if (link == Link.DETACHED || (link != Link.LINKED && peer == server)) return;
      forged = true;
      if (!peer.receive(bytes)) me.closeLikeTheOwner(new ChanException("peer failed"));
    }

    private Object forgedValue(String key, FuzzSide target, FuzzedDataProvider data) {
      switch (key) {
        case "id": case "parent": return id(target, data);
        case "t": return data.pickValue(new String[] {"hello", "credit", "cancel", "error", "ping", "pong", "zap",
            "ack", "resume", "resumed"});
        case "tok": return data.consumeBoolean() ? TOKEN : data.consumeString(8);
        case "data": return forgedData(target, data, 2);
        case "msg": return data.consumeBoolean() ? data.consumeString(8) : (Object) data.consumeLong();
        default:
          switch (data.consumeInt(0, 3)) {
            case 0: return data.consumeLong(-2, 5);
            case 1: return data.pickValue(new long[] {1024, 0xFFFFFFFFL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE});
            case 2: return null;
            default: return data.consumeString(4);
          }
      }
    }

    /** An id the target knows (its channels', either parity), a near one, or an edge value. */
    private Object id(FuzzSide target, FuzzedDataProvider data) {
      switch (data.consumeInt(0, 3)) {
        case 0: {
          if (target.apps.isEmpty()) return 1L;
          long id = target.apps.get(data.consumeInt(0, target.apps.size() - 1)).chan.id();
          return id + data.consumeInt(-2, 2);
        }
        case 1: return data.consumeLong(0, 24);
        case 2: return data.pickValue(new Object[] {null, -1L, 0xFFFFFFFFL, 0x100000000L, "1", 1.0});
        default: return data.consumeLong();
      }
    }

    private Object forgedData(FuzzSide target, FuzzedDataProvider data, int depth) {
      switch (data.consumeInt(0, depth > 0 ? 8 : 5)) {
        case 0: return null;
        case 1: return data.consumeBoolean();
        case 2: return data.consumeLong(-1, 3);
        case 3: return data.consumeBytes(data.consumeInt(0, 2048));
        case 4: return data.consumeString(8);
        case 5: {
          // A reference: channel (type 1: direction, id, capacity) or stream (type 2: id, window), sizes may lie.
          int type = data.pickValue(new int[] {1, 2, 1, 2, 3});
          Object someId = id(target, data);
          long id = someId instanceof Long ? (Long) someId : 5L;
          int len = data.pickValue(type == 1 ? new int[] {5, 9, 0, 4} : new int[] {4, 8, 3});
          byte[] p = new byte[len];
          int at = 0;
          if (type == 1 && len > 0) p[at++] = (byte) data.consumeInt(0, 3);
          for (int i = 3; i >= 0 && at < len; i--) p[at++] = (byte) (id >>> (8 * i));
          long extra = data.pickValue(new long[] {0, 1, 1023, 1024, 4096, 0xFFFFFFFFL});
          for (int i = 3; i >= 0 && at < len; i--) p[at++] = (byte) (extra >>> (8 * i));
          return new MsgpackExt(type, p);
        }
        case 6: {
          List<Object> list = new ArrayList<>();
          for (int i = data.consumeInt(0, 3); i > 0; i--) list.add(forgedData(target, data, depth - 1));
          return list;
        }
        default: {
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = data.consumeInt(0, 3); i > 0; i--) map.put(data.consumeString(3), forgedData(target, data, depth - 1));
          return map;
        }
      }
    }

    /** Honest runs: each channel's reader got message 0, 1, 2, ... of what its writer sent, nothing else. */
    void checkOrder(FuzzSide reader, FuzzSide writer) {
      if (forged) return;
      for (FuzzSide.App in : reader.apps) {
        if (in.chan.kind() != Chan.Kind.IN) continue;
        for (int i = 0; i < in.receivedSeqs.size(); i++) {
          if (in.receivedSeqs.get(i) != i) {
            throw new AssertionError(reader.name + ": " + in.chan + " delivered " + in.receivedSeqs);
          }
        }
        FuzzSide.App out = null;
        for (FuzzSide.App w : writer.apps) if (w.chan.kind() == Chan.Kind.OUT && w.chan.id() == in.chan.id()) out = w;
        if (out != null && in.receivedSeqs.size() > out.sentSeq) {
          throw new AssertionError(reader.name + ": " + in.chan + " delivered " + in.receivedSeqs.size()
              + " messages of " + out.sentSeq + " sent");
        }
      }
    }

    /**
     * Honest runs that are still open: reconnect if dropped, then deliver everything and let the applications take
     * everything until nothing moves. Then every channel's reader (unless it stopped reading) got every message its
     * writer sent, once, in order: a drop lost nothing.
     */
    void settle() {
      if (forged || tight) return;
      for (int round = 0; round < 100_000; round++) {
        if (client.engine.isClosed() || server.engine.isClosed()) return;
        boolean moved = link == Link.DETACHED || !client.outbox.isEmpty() || !server.outbox.isEmpty();
        if (link == Link.DETACHED) reconnect();
        deliver(client, server, Integer.MAX_VALUE);
        deliver(server, client, Integer.MAX_VALUE);
        for (FuzzSide side : new FuzzSide[] {client, server}) {
          for (FuzzSide.App a : new ArrayList<>(side.apps)) {
            if (a.delivered > a.consumed && !side.engine.isClosed()) {
              side.engine.consumed(a.chan, a.delivered - a.consumed);
              a.consumed = a.delivered;
              moved = true;
            }
          }
        }
        checkLink();
        client.checkInvariants();
        server.checkInvariants();
        if (!moved) break;
      }
      if (client.engine.isClosed() || server.engine.isClosed()) return;
      checkOrder(client, server);
      checkOrder(server, client);
      checkComplete(client, server);
      checkComplete(server, client);
    }

    private void checkComplete(FuzzSide reader, FuzzSide writer) {
      for (FuzzSide.App out : writer.apps) {
        // A failed writer: its reader cancelled it, or the message carrying its reference was dropped (cancel).
        if (out.chan.kind() != Chan.Kind.OUT || out.sentSeq == 0 || out.failed) continue;
        FuzzSide.App in = null;
        for (FuzzSide.App r : reader.apps) if (r.chan.kind() == Chan.Kind.IN && r.chan.id() == out.chan.id()) in = r;
        if (in != null && in.cancelled) continue;
        long got = in == null ? 0 : in.receivedSeqs.size();
        if (got != out.sentSeq) {
          throw new AssertionError(reader.name + ": " + out.chan + " delivered " + got + " of the " + out.sentSeq
              + " messages " + writer.name + " sent (link " + link + "; writer: sent " + out.chan.sent + " taken "
              + out.chan.taken + " cap " + out.chan.cap + " announced " + out.chan.announced + " queue "
              + (out.chan.queue == null ? 0 : out.chan.queue.size()) + " ended " + out.chan.localEnded + " cancelled "
              + out.chan.cancelled + " parent " + out.chan.parent + " bound " + out.chan.isBound() + "; reader knows it: "
              + (in != null) + ", replay " + writer.engine.replayBytes() + "/" + writer.ext.replayWindow + ")"
              + describe(writer, out.chan.parent) + describe(reader, out.chan.parent));
        }
      }
    }

    private static String describe(FuzzSide side, long id) {
      StringBuilder b = new StringBuilder();
      for (FuzzSide.App a : side.apps) {
        if (a.chan.id() != id) continue;
        Chan c = a.chan;
        b.append("; ").append(side.name).append(" ").append(c).append(" ").append(c.kind()).append(": sent ")
            .append(c.sent).append(" taken ").append(c.taken).append(" cap ").append(c.cap).append(" queue ")
            .append(c.queue == null ? 0 : c.queue.size()).append(" localEnded ").append(c.localEnded)
            .append(" remoteEnded ").append(c.remoteEnded).append(" cancelled ").append(c.cancelled)
            .append(" discarding ").append(c.discarding).append(" delivered ").append(c.delivered)
            .append(" consumed ").append(c.consumed).append(" acked ").append(c.acked).append(" app failed ")
            .append(a.failed).append(" ended ").append(a.ended).append(" appCancelled ").append(a.cancelled)
            .append(" bound ").append(c.isBound());
      }
      return b.toString();
    }

    /** A closed engine stays closed and empty: input and sends throw its cause, other calls do nothing. */
    void finish(FuzzSide a, FuzzSide b) {
      for (FuzzSide s : new FuzzSide[] {a, b}) {
        if (!s.engine.isClosed()) continue;
        try {
          s.engine.receive(new byte[] {(byte) 0x80}, 0, 1);
          throw new AssertionError(s.name + ": a closed engine accepted input");
        } catch (ChanException expected) {
          // the close cause
        }
        for (FuzzSide.App app : s.apps) {
          s.engine.end(app.chan);
          s.engine.fail(app.chan, 1, "x");
          s.engine.consumed(app.chan, 1);
          s.engine.cancelInput(app.chan);
        }
        s.checkInvariants();
      }
    }
  }
}
