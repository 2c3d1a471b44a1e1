/** Micrometer meters for libchan4j sessions: {@link org.libchan4j.micrometer.ChanMetrics}. */
package org.libchan4j.micrometer;
