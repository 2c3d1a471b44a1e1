/**
 * Internal: not for use outside this project.
 *
 * <p>A dependency-free msgpack codec (JDK only, no reflection, threads or locks, so TeaVM can compile it to
 * JavaScript). {@link org.libchan4j.internal.msgpack.MsgpackWriter} encodes a tree of plain Java values,
 * {@link org.libchan4j.internal.msgpack.MsgpackReader} decodes one back under
 * {@link org.libchan4j.internal.msgpack.MsgpackLimits}. The {@link org.libchan4j.internal.msgpack.MsgpackProfile#JSCHAN}
 * profile refuses to produce anything a jschan (msgpack5 1.6.0) peer would misread; the golden vectors under
 * {@code core/src/test/resources/vectors} pin the exact bytes.
 */
package org.libchan4j.internal.msgpack;
