package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.libchan4j.testing.MsgpackValues;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * msgpack-core as an oracle on 100,000 generated value trees: STANDARD bytes equal its packer's, our reader decodes
 * its bytes to the value, it decodes our JSCHAN bytes to the value, and JSCHAN refuses exactly the values outside
 * the jschan subset.
 */
class MsgpackDifferentialTest {
  private static final int VALUES = 100_000;

  @Test
  void agreesWithMsgpackCore() throws IOException {
    ValueGenerator generator = new ValueGenerator(20240601L, 3);
    MsgpackWriter standard = new MsgpackWriter(MsgpackProfile.STANDARD, null);
    MsgpackWriter jschan = new MsgpackWriter(MsgpackProfile.JSCHAN, null);
    MsgpackReader reader = new MsgpackReader(MsgpackLimits.DEFAULT, null);
    MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    int jschanChecked = 0;
    int jschanRefused = 0;
    int minus32 = 0;
    long bytes = 0;
    for (int i = 0; i < VALUES; i++) {
      Object value = generator.next();
      Object expected = ValueGenerator.normalize(value);
      String context = "value #" + i;

      packer.clear();
      MsgpackCore.pack(packer, value);
      byte[] core = packer.toByteArray();
      standard.reset();
      byte[] ours = standard.write(value).toByteArray();
      if (!java.util.Arrays.equals(core, ours)) {
        assertEquals(Bytes.hex(core), Bytes.hex(ours), context + " " + MsgpackValues.describe(value));
      }
      bytes += ours.length;
      assertValueEquals(expected, reader.readOnly(core, 0, core.length), context + ": our reader on msgpack-core bytes");

      jschan.reset();
      if (ValueGenerator.jschanEncodable(value)) {
        byte[] js = jschan.write(value).toByteArray();
        assertValueEquals(expected, MsgpackCore.unpack(js), context + ": msgpack-core on our JSCHAN bytes");
        if (ValueGenerator.containsMinus32(value)) {
          minus32++;
        } else {
          assertEquals(Bytes.hex(ours), Bytes.hex(js), context + ": JSCHAN differs from STANDARD only for -32");
        }
        jschanChecked++;
      } else {
        assertThrows(MsgpackEncodeException.class, () -> jschan.write(value), context);
        assertEquals(0, jschan.size());
        jschanRefused++;
      }
    }
    // the generator must actually exercise both sides of the profile
    assertTrue(jschanChecked > VALUES / 3, "JSCHAN-encodable values: " + jschanChecked);
    assertTrue(jschanRefused > VALUES / 10, "JSCHAN-refused values: " + jschanRefused);
    assertTrue(minus32 > 100, "values holding -32: " + minus32);
    assertTrue(bytes > 10_000_000, "encoded bytes: " + bytes);
  }
}
