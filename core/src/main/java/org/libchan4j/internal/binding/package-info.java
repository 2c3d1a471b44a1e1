/**
 * Internal: not for use outside this project. JVM only: the browser build does not use this package.
 *
 * <p>Binds application messages (records, POJOs, {@code Map}/{@code List} trees) to the session engine's tree
 * value model through Gson, carrying channels, byte streams and {@code byte[]} as references and bin values.
 * Entry point: {@link org.libchan4j.internal.binding.Binder}.
 */
package org.libchan4j.internal.binding;
