package org.libchan4j;

import com.google.gson.GsonBuilder;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a session behaves: its role, limits, message binding and where blocking helper work runs. Immutable; build
 * with {@link #builder(Session.Role)}.
 */
public final class SessionOptions {
  private final Session.Role role;
  private final Limits limits;
  private final GsonBuilder gson;
  private final Executor executor;

  private SessionOptions(Builder b) {
    this.role = b.role;
    this.limits = b.limits;
    this.gson = b.gson;
    this.executor = b.executor;
  }

  public static Builder builder(Session.Role role) {
    return new Builder(role);
  }

  public Session.Role role() { return role; }
  public Limits limits() { return limits; }
  /** The user's Gson configuration, or {@code null} for Gson's defaults. */
  public GsonBuilder gson() { return gson; }
  /** The executor for copying pipes and streams, or {@code null} for the session's own daemon threads. */
  public Executor executor() { return executor; }

  /** Builder for {@link SessionOptions}. */
  public static final class Builder {
    private final Session.Role role;
    private Limits limits = Limits.defaults();
    private GsonBuilder gson;
    private Executor executor;

    private Builder(Session.Role role) {
      this.role = Objects.requireNonNull(role, "role");
    }

    /** Limits on what the peer may send. Default: {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * A Gson configuration (type adapters, naming policy...) used to bind messages. The session adds its own
     * adapters for channels, byte streams and {@code byte[]} and never mutates the builder passed in.
     */
    public Builder gson(GsonBuilder gson) {
      this.gson = Objects.requireNonNull(gson, "gson");
      return this;
    }

    /**
     * Where blocking helper work runs: copying a {@link Receiver} or {@code InputStream} that was put in a message,
     * writing into an {@code OutputStream} that was. Each such copy occupies a task until it ends. Default: the
     * session's own daemon threads, released when the session ends. On Java 21+ a virtual-thread executor fits well.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public SessionOptions build() {
      return new SessionOptions(this);
    }
  }
}
