/**
 * Internal: not for use outside this project. JVM only. The fan-out behind {@link org.libchan4j.Topic}: one message
 * bound and encoded once ({@link org.libchan4j.internal.topic.Published}), a bounded queue and an overflow policy
 * per subscriber ({@link org.libchan4j.internal.topic.Subscriber}), one publish order for all of them
 * ({@link org.libchan4j.internal.topic.Fanout}).
 */
package org.libchan4j.internal.topic;
