package org.libchan4j.js;

import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.teavm.jso.JSExport;

/**
 * Test hook compiled by TeaVM (like the client) so the golden vectors run through the browser build of the codec:
 * {@code decode(hex)} and {@code encode(canonical)} return a {@link CanonicalValues} text or hex, or {@code "!"}
 * followed by the error message.
 */
public final class VectorHook {
  private VectorHook() {}

  @JSExport
  public static String decode(String hex) {
    try {
      byte[] bytes = CanonicalValues.unhex(hex);
      return CanonicalValues.write(new MsgpackReader(MsgpackLimits.DEFAULT, null).readOnly(bytes, 0, bytes.length));
    } catch (RuntimeException e) {
      return "!" + e.getMessage();
    }
  }

  @JSExport
  public static String encode(String canonical) {
    try {
      Object value = CanonicalValues.read(canonical);
      return CanonicalValues.hex(new MsgpackWriter(MsgpackProfile.JSCHAN, null).write(value).toByteArray());
    } catch (RuntimeException e) {
      return "!" + e.getMessage();
    }
  }
}
