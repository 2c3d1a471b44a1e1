package org.libchan4j.bench;

/** One measured value: what the results file holds, one per scenario and system. */
public record Record(String scenario, String system, double value, String unit) {
  public Record {
    if (scenario == null || system == null || unit == null) throw new NullPointerException();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(scenario + "/" + system + ": not a number: " + value);
    }
  }
}
