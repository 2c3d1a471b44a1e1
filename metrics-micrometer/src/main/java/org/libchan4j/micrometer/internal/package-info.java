/** Internal: not for use outside this project. The meters behind {@link org.libchan4j.micrometer.ChanMetrics}. */
package org.libchan4j.micrometer.internal;
