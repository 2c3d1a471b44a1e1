package org.libchan4j.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every java.util.logging record while open: libchan4j's System.Logger, Tomcat's JULI and Jetty (through
 * slf4j-jdk14) all end up there, whichever class loader logs.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger root = Logger.getLogger("");

  LogCapture() {
    setLevel(Level.ALL);
    root.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  /** Records that carry a stack trace, as "logger: message (exception)". */
  synchronized List<String> withStackTraces() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getThrown() != null) out.add(r.getLoggerName() + ": " + r.getMessage() + " (" + r.getThrown() + ")");
    }
    return out;
  }

  /** Every message, for failure reports. */
  synchronized List<String> messages() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) out.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage());
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
