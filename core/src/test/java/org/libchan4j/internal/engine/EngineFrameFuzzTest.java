package org.libchan4j.internal.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.libchan4j.ChanException;
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
      "seq", "cap", "win", "ka"})
  void receive(FuzzedDataProvider data) {
    boolean client = data.consumeBoolean();
    boolean extended = data.consumeBoolean();
    Limits limits = Limits.defaults();
    if (data.consumeBoolean()) {
      limits = limits.withMaxOpenChannels(data.consumeInt(1, 8)).withMaxPendingFrames(data.consumeInt(1, 8))
          .withMaxDepth(data.consumeInt(1, 8)).withMaxContainerSize(data.consumeInt(1, 16))
          .withMaxStringBytes(data.consumeInt(1, 64)).withMaxBinBytes(data.consumeInt(1, 64))
          .withMaxMessageBytes(data.consumeInt(64, 256)); // room for this side's hello
    }
    ExtendedMode ext = extended ? new ExtendedMode(data.consumeInt(0, 3), 1024, 0) : null;
    FuzzSide side = new FuzzSide(client ? "client" : "server", client, ext, limits);
    side.engine.start(0);
    if (extended && data.consumeBoolean()) {
      // Past the hello, so that channel frames reach the table.
      side.receive(EngineFuzzTest.hello(data.consumeInt(0, 3), 1024));
    }
    while (data.remainingBytes() > 0 && !side.engine.isClosed()) {
      byte[] message = data.consumeBytes(data.consumeInt(0, 300));
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
    if (side.engine.isClosed()) {
      try {
        side.engine.receive(new byte[] {(byte) 0x80}, 0, 1);
        throw new AssertionError("a closed engine accepted input");
      } catch (ChanException expected) {
        // the close cause
      }
    }
  }
}
