package org.libchan4j.internal.msgpack;

/**
 * A value cannot be encoded: its type has no msgpack form, it is out of msgpack's range, or the
 * {@link MsgpackProfile#JSCHAN} profile forbids it because a jschan peer would misread it. The message names the
 * value or type and why. {@link MsgpackWriter#write(Object)} leaves the writer as it was before the call.
 */
public class MsgpackEncodeException extends MsgpackException {
  public MsgpackEncodeException(String message) {
    super(message);
  }
}
