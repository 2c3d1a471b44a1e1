package org.libchan4j.internal.msgpack;

/**
 * Turns an ext value into an application object while {@link MsgpackReader} decodes. The payload is
 * {@code buf[offset .. offset+length)}, a view into the reader's buffer that is only valid during the call: copy
 * what must be kept. The payload length has already been checked against {@link MsgpackLimits#maxBinBytes()}.
 * Reject a bad payload or an unknown type by throwing {@link MsgpackException} (a {@link MsgpackFormatException}
 * whose offset is {@code offset} reads well); any other runtime exception is wrapped into a
 * {@link MsgpackFormatException} by the reader. Without a decoder, ext values decode to {@link MsgpackExt}.
 */
public interface ExtDecoder {
  /** The value for ext {@code type} (-128..127) with the given payload; never called concurrently by one reader. */
  Object decode(int type, byte[] buf, int offset, int length);
}
