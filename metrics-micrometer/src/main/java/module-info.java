/**
 * Micrometer meters for libchan4j sessions: {@link org.libchan4j.micrometer.ChanMetrics}, a
 * {@link org.libchan4j.SessionObserver.Factory} for {@code ChanEndpoint}, {@code ChanClient} and sockets.
 *
 * <p>Only {@code org.libchan4j.micrometer} is API; its {@code internal} package is not exported.
 */
@SuppressWarnings("requires-transitive-automatic") // micrometer-core is an automatic module (micrometer.core)
module org.libchan4j.micrometer {
  requires transitive org.libchan4j.core;
  requires transitive micrometer.core; // ChanMetrics takes a MeterRegistry

  exports org.libchan4j.micrometer;
}
