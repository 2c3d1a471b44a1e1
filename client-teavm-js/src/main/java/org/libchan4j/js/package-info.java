/**
 * The browser client, compiled to JavaScript by TeaVM: {@code connect()} and the exported classes Session, Sender,
 * Receiver, ByteStream and ChanError. The JavaScript API is documented in {@code src/main/npm/libchan4j.d.ts}; these
 * classes are its implementation and are not meant to be used from Java.
 */
package org.libchan4j.js;
