/**
 * Internal: not for use outside this project. The sans-I/O session engine shared by the JVM and browser builds:
 * bytes in, events out, no threads, locks, timers, reflection or futures (a test enforces this).
 */
package org.libchan4j.internal.engine;
