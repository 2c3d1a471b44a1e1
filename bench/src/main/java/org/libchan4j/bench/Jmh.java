package org.libchan4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks of {@code org.libchan4j.bench.jmh} and turns their scores into records. */
final class Jmh {
  private Jmh() {}

  /**
   * @param quick one short iteration in this JVM (a check that every benchmark runs, not a measurement)
   */
  static List<Record> run(boolean quick, List<String> jvmFlags) throws RunnerException {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("org\\.libchan4j\\.bench\\.jmh\\..*")
        .shouldFailOnError(true);
    if (quick) {
      b.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(50))
          .verbosity(VerboseMode.SILENT);
    } else {
      b.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
          .measurementTime(TimeValue.seconds(1)).jvmArgsAppend(jvmFlags.toArray(new String[0]));
    }
    List<Record> out = new ArrayList<>();
    for (RunResult r : new Runner(b.build()).run()) {
      String full = r.getParams().getBenchmark();
      String method = full.substring(full.lastIndexOf('.') + 1);
      String message = r.getParams().getParam("message");
      out.add(new Record(scenario(method, message), system(method), r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreUnit()));
    }
    return out;
  }

  /** {@code encodeLibchan4j} with small-map: "jmh encode small-map"; engine methods: "jmh engine frameOut". */
  private static String scenario(String method, String message) {
    String op = method.replace("Libchan4j", "").replace("MsgpackCore", "");
    return message == null ? "jmh engine " + op : "jmh " + op + " " + message;
  }

  private static String system(String method) {
    return method.endsWith("MsgpackCore") ? "msgpack-core" : "libchan4j";
  }
}
