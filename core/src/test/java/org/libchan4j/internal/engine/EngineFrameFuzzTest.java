package org.libchan4j.internal.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.libchan4j.ChanException;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.Limits;

/**
 * Fuzzes the engine's frame parsing ({@link Engine#receive}) with raw transport messages, both roles, compat and
 * extended mode, default and tight limits (regression mode replays {@code EngineFrameFuzzTestInputs/}). Invariants:
 * nothing but a {@link org.libchan4j.ProtocolException} with an input close code (1002, 1007, 1008, 1009) escapes;
 * the id table and the late-rendezvous buffer stay within {@link Limits}; after the owner closes the engine it holds
 * nothing and refuses further input with the close cause. {@link EngineFuzzTest} builds valid frames instead.
 */
class EngineFrameFuzzTest {

  @FuzzTest
  @DictionaryEntries({"id", "data", "parent", "hello", "credit", "cancel", "error", "ping", "pong", "code", "msg",
      "seq", "cap", "win", "ka", "ack", "resume", "resumed", "rs", "tok", "n"})
  void receive(FuzzedDataProvider data) {
    boolean client = data.consumeBoolean();
    boolean extended = data.consumeBoolean();
    Limits limits = Limits.defaults();
    boolean tight = data.consumeBoolean();
    if (tight) {
      limits = limits.withMaxOpenChannels(data.consumeInt(1, 8)).withMaxPendingFrames(data.consumeInt(1, 8))
          .withMaxDepth(data.consumeInt(1, 8)).withMaxContainerSize(data.consumeInt(1, 16))
          .withMaxStringBytes(data.consumeInt(1, 64)).withMaxBinBytes(data.consumeInt(1, 64))
          .withMaxMessageBytes(data.consumeInt(128, 256)); // room for this side's hello (with rs and tok: 74 bytes)
    }
    boolean resumable = extended && data.consumeBoolean();
    ExtendedMode ext = null;
    if (resumable) {
      ext = new ExtendedMode(data.consumeInt(0, 3), 1024, 0, data.consumeInt(1024, 4096),
          client ? null : EngineFuzzTest.TOKEN);
    } else if (extended) {
      ext = new ExtendedMode(data.consumeInt(0, 3), 1024, 0);
    }
    FuzzSide side = new FuzzSide(client ? "client" : "server", client, ext, limits);
    side.engine.start(0);
    if (extended && data.consumeBoolean()) {
      // Past the hello, so that channel frames reach the table; with the fuzzer's rs and tok, perhaps resumable.
      long rs = data.pickValue(new long[] {0, 1023, 1024, 4096, 0xFFFFFFFFL});
      String tok = data.pickValue(new String[] {null, EngineFuzzTest.TOKEN, "t", ""});
      side.receive(EngineFuzzTest.hello(data.consumeInt(0, 3), 1024, rs, tok));
    }
    if (side.engine.isResumable()) {
      // Numbered frames of its own for acks to acknowledge, then perhaps a dropped and resumed connection.
      try {
        Chan out = side.engine.openChannel(null);
        for (int i = data.consumeInt(0, 3); i > 0; i--) side.engine.send(out, (long) i);
      } catch (ChanException e) {
        side.check(tight, "open or send threw " + e + " under the default limits");
      }
      if (data.consumeBoolean()) {
        side.engine.detach();
        if (client) {
          side.engine.resume(0); // a forged resumed (or anything else) follows
        } else {
          acceptResume(side, data.consumeBytes(data.consumeInt(0, 64)), limits);
        }
      }
    }
    while (data.remainingBytes() > 0 && !side.engine.isClosed()) {
      byte[] message = data.consumeBytes(data.consumeInt(0, 300));
      readResume(message, limits);
      side.receive(message);
      side.checkInvariants();
      // The application takes what arrived, as a session would.
      for (FuzzSide.App a : side.apps) {
        if (a.delivered > a.consumed) {
          side.engine.consumed(a.chan, a.delivered - a.consumed);
          a.consumed = a.delivered;
        }
      }
      side.checkInvariants();
    }
    side.checkInvariants();
    if (side.engine.isClosed()) {
      try {
        side.engine.receive(new byte[] {(byte) 0x80}, 0, 1);
        throw new AssertionError("a closed engine accepted input");
      } catch (ChanException expected) {
        // the close cause
      }
    }
  }

  /** A new connection's first message read as a resume request: a request, null, or a 1002 and nothing else. */
  private static Engine.ResumeRequest readResume(byte[] message, Limits limits) {
    try {
      Engine.ResumeRequest request = Engine.readResume(message, limits);
      if (request != null) {
        if (request.token == null || request.token.isEmpty() || request.token.length() > 128) {
          throw new AssertionError("resume request with token " + request.token);
        }
        if (request.received < 0 || request.received > 0xFFFFFFFFL) {
          throw new AssertionError("resume request with n " + request.received);
        }
      }
      return request;
    } catch (ProtocolException e) {
      if (e.closeCode() != CloseCodes.PROTOCOL_ERROR) throw new AssertionError("readResume threw " + e, e);
      return null;
    }
  }

  /** The server's session resumed by a fuzzer-made first message, when it is a resume request. */
  private static void acceptResume(FuzzSide side, byte[] first, Limits limits) {
    Engine.ResumeRequest request = readResume(first, limits);
    if (request == null) return;
    try {
      side.engine.acceptResume(request.received, 0);
    } catch (ProtocolException e) {
      side.check(FuzzSide.INPUT_CODES.contains(e.closeCode()), "acceptResume threw " + e);
      side.closeLikeTheOwner(e);
    }
  }
}
