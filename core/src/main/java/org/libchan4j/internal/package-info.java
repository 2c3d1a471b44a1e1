/**
 * Internal: not for use outside this project. Helpers shared by the public option builders of every module; the
 * subpackages hold the codec, the sans-I/O engine, the message binding and the JVM session.
 */
package org.libchan4j.internal;
