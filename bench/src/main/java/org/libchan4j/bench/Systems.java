package org.libchan4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The compared systems: how to start each one's server and client, and which scenarios it has. */
final class Systems {
  private Systems() {}

  /** How child processes are started. */
  record Launch(String classpath, Path nodeDir, List<String> jvmFlags) {
    List<String> java(String main, String... args) {
      return java(Path.of(System.getProperty("java.home")), main, args);
    }

    /** As {@link #java(String, String...)} on the JDK or JRE at {@code javaHome} (the classes are release 17). */
    List<String> java(Path javaHome, String main, String... args) {
      List<String> cmd = new ArrayList<>();
      cmd.add(javaHome.resolve("bin").resolve("java").toString());
      cmd.addAll(jvmFlags);
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(main);
      cmd.addAll(Arrays.asList(args));
      return cmd;
    }

    List<String> node(String script, String... args) {
      List<String> cmd = new ArrayList<>(List.of("node", "--expose-gc", nodeDir.resolve(script).toString()));
      cmd.addAll(Arrays.asList(args));
      return cmd;
    }
  }

  interface Command {
    List<String> of(Launch launch, String[] args);
  }

  /**
   * @param id the name in the results
   * @param description what runs on each side, for the report
   */
  record SystemSpec(String id, String description, Command server, Command client, Set<Scenario> scenarios) {}

  private static final Set<Scenario> ALL = Scenario.E2E;
  private static final Set<Scenario> NO_NESTED = without(Scenario.NESTED);

  static final List<SystemSpec> ALL_SYSTEMS = List.of(
      new SystemSpec("raw-tyrus",
          "raw WebSocket on the same Grizzly/Tyrus stack as ChanServer/ChanClient; blocking sendBinary per message,"
              + " request/reply = echo (no channels, so no nested-setup)",
          (l, a) -> l.java("org.libchan4j.bench.raw.RawServer", a),
          (l, a) -> l.java("org.libchan4j.bench.raw.RawClient", a), NO_NESTED),
      new SystemSpec("libchan4j-compat",
          "ChanServer + ChanClient asking for compat: the jschan wire format (no flow control; senders wait on"
              + " the library's transport backpressure)",
          (l, a) -> l.java("org.libchan4j.bench.chan.ChanBenchServer", prepend("default", a)),
          (l, a) -> l.java("org.libchan4j.bench.chan.ChanBenchClient", prepend("compat", a)), ALL),
      new SystemSpec("libchan4j-extended",
          "ChanServer + ChanClient with their defaults: libchan4j.v1 negotiated (credit flow control, capacity 1024,"
              + " byte window 1 MiB)",
          (l, a) -> l.java("org.libchan4j.bench.chan.ChanBenchServer", prepend("default", a)),
          (l, a) -> l.java("org.libchan4j.bench.chan.ChanBenchClient", prepend("extended", a)), ALL),
      new SystemSpec("jschan",
          "jschan 0.2.1 server and client on node (stream session over websocket-stream)",
          (l, a) -> l.node("server.js", a),
          (l, a) -> l.node("client.js", a), ALL),
      new SystemSpec("jschan-to-libchan4j",
          "jschan 0.2.1 client against ChanServer, which speaks compat to it (idle sessions: same server as"
              + " libchan4j-compat, not repeated)",
          (l, a) -> l.java("org.libchan4j.bench.chan.ChanBenchServer", prepend("default", a)),
          (l, a) -> l.node("client.js", a), without(Scenario.IDLE_HEAP)),
      new SystemSpec("rsocket",
          "RSocket-java 1.1.5 over WebSocket (reactor-netty): fire-and-forget, request-response, request-channel"
              + " of 64 KiB payloads (no nested channels)",
          (l, a) -> l.java("org.libchan4j.bench.rsocket.RSocketBenchServer", a),
          (l, a) -> l.java("org.libchan4j.bench.rsocket.RSocketBenchClient", a), NO_NESTED));

  static SystemSpec byId(String id) {
    for (SystemSpec s : ALL_SYSTEMS) if (s.id().equals(id)) return s;
    throw new IllegalArgumentException("unknown system " + id);
  }

  private static Set<Scenario> without(Scenario s) {
    Set<Scenario> out = EnumSet.copyOf(Scenario.E2E);
    out.remove(s);
    return out;
  }

  static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
