package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.EncodingException;

/** Every failure is an EncodingException or BindingException whose message says where and what. */
class ErrorReportingTest {
  record Counter(int count) {}

  record Counters(String name, List<Counter> items) {}

  record Wide(long l, byte b) {}

  record Precise(BigInteger big, BigDecimal dec) {}

  record Flag(boolean on) {}

  record Nested(Counter counter) {}

  record HoldsClass(String name, Class<?> type) {}

  record Fragile(String name, Counter counter) {}

  private final Binder binder = new Binder(null, new Fakes.FakeResolver());

  private BindingException bindFails(Object tree, Class<?> type) {
    return assertThrows(BindingException.class, () -> binder.fromTree(tree, type));
  }

  @Test
  void stringForAnInt() {
    assertEquals("cannot bind $.count: expected an int but found a string",
        bindFails(Map.of("count", "5"), Counter.class).getMessage());
  }

  @Test
  void pathIncludesListIndexes() {
    Map<String, Object> tree = Map.of("name", "n", "items", List.of(Map.of("count", 1L), Map.of("count", true)));
    assertEquals("cannot bind $.items[1].count: expected an int but found a boolean",
        bindFails(tree, Counters.class).getMessage());
  }

  @Test
  void intRangeIsChecked() {
    assertEquals("cannot bind $.count: expected an int but found the number 3000000000",
        bindFails(Map.of("count", 3_000_000_000L), Counter.class).getMessage());
    assertEquals("cannot bind $.count: expected an int but found the number 1.5",
        bindFails(Map.of("count", 1.5), Counter.class).getMessage());
    assertEquals("cannot bind $.l: expected a long but found the number 1.0E19",
        bindFails(Map.of("l", 1e19), Wide.class).getMessage());
  }

  /** Found by BindingFuzzTest: an IllegalArgumentException whose path named the element after the bad one. */
  @Test
  void byteArrayFromAListOfNumbersNamesTheElementOutOfRange() {
    BindingException e = bindFails(List.of(1L, 32808L, 2L), byte[].class);
    assertEquals("cannot bind $[1]: expected a byte (-128 to 255) but found the number 32808", e.getMessage());
    assertNull(e.getCause());
    assertArrayEquals(new byte[] {1, (byte) 255, -128},
        (byte[]) binder.fromTree(List.of(1L, 255L, -128L), byte[].class));
  }

  @Test
  void gsonsOwnFailuresAreWrappedWithThePath() {
    BindingException e = bindFails(Map.of("b", 300L), Wide.class);
    assertTrue(e.getMessage().startsWith("cannot bind $.b to "), e.getMessage());
    assertTrue(e.getMessage().contains("Lossy conversion from 300 to byte"), e.getMessage());
    assertInstanceOf(com.google.gson.JsonParseException.class, e.getCause());
  }

  @Test
  void objectWhereAScalarIsDeclaredAndTheReverse() {
    assertEquals("cannot bind $.on: expected a boolean but found an object",
        bindFails(Map.of("on", Map.of()), Flag.class).getMessage());
    assertEquals("cannot bind $.counter: expected an object but found the number 5",
        bindFails(Map.of("counter", 5L), Nested.class).getMessage());
    assertEquals("cannot bind $: expected an object but found an array",
        bindFails(List.of(), Counter.class).getMessage());
  }

  @Test
  void valuesOutsideTheTreeModelAreRejected() {
    assertEquals("cannot bind $.count: found a java.lang.Thread (not a tree value)",
        bindFails(Map.of("count", Thread.currentThread()), Counter.class).getMessage());
  }

  @Test
  void userAdapterFailureOnReadKeepsItsCause() {
    IllegalStateException boom = new IllegalStateException("counter adapter refused");
    Binder b = new Binder(new GsonBuilder().registerTypeAdapter(Counter.class, new TypeAdapter<Counter>() {
      @Override public void write(JsonWriter out, Counter value) { throw boom; }
      @Override public Counter read(JsonReader in) { throw boom; }
    }), new Fakes.FakeResolver());

    BindingException read = assertThrows(BindingException.class,
        () -> b.fromTree(Map.of("name", "n", "counter", Map.of()), Fragile.class));
    assertTrue(read.getMessage().startsWith("cannot bind $.counter to "), read.getMessage());
    assertTrue(read.getMessage().endsWith(": counter adapter refused"), read.getMessage());
    assertEquals(boom, read.getCause().getCause()); // Gson's record adapter wraps it in JsonSyntaxException

    EncodingException write = assertThrows(EncodingException.class,
        () -> b.toTree(new Fragile("n", new Counter(1)), Fragile.class));
    assertTrue(write.getMessage().contains(" at $.counter: counter adapter refused"), write.getMessage());
    assertEquals(boom, write.getCause());
  }

  @Test
  void bigIntegerBeyondLongIsRefusedWithItsPath() {
    assertEquals(Map.of("big", Long.MAX_VALUE),
        binder.toTree(new Precise(BigInteger.valueOf(Long.MAX_VALUE), null), Precise.class));
    EncodingException e = assertThrows(EncodingException.class,
        () -> binder.toTree(new Precise(BigInteger.ONE.shiftLeft(63), null), Precise.class));
    assertEquals("cannot encode $.big: integer 9223372036854775808 does not fit in 64 bits", e.getMessage());
  }

  @Test
  void bigDecimalIsLongOrExactDoubleOrRefused() {
    assertEquals(Map.of("dec", 12L), binder.toTree(new Precise(null, new BigDecimal("12.000")), Precise.class));
    assertEquals(Map.of("dec", 0.1), binder.toTree(new Precise(null, new BigDecimal("0.1")), Precise.class));
    EncodingException e = assertThrows(EncodingException.class,
        () -> binder.toTree(new Precise(null, new BigDecimal("0.10000000000000000000001")), Precise.class));
    assertEquals("cannot encode $.dec: 0.10000000000000000000001 is neither a 64-bit integer nor exactly a double",
        e.getMessage());
    assertEquals(new Precise(BigInteger.TEN, new BigDecimal("2.5")),
        binder.fromTree(Map.of("big", 10L, "dec", 2.5), Precise.class));
  }

  @Test
  void gsonFailureOnWriteIsAnEncodingExceptionWithThePath() {
    EncodingException e = assertThrows(EncodingException.class,
        () -> binder.toTree(new HoldsClass("n", String.class), HoldsClass.class));
    assertTrue(e.getMessage().startsWith("cannot encode " + HoldsClass.class.getName() + " as "), e.getMessage());
    assertTrue(e.getMessage().contains(" at $.type: "), e.getMessage());
    assertInstanceOf(UnsupportedOperationException.class, e.getCause());
  }

  @Test
  void messageThatGsonWritesAsNullIsRefused() {
    Object anonymous = new Object() {
      @SuppressWarnings("unused") final String field = "x";
    };
    EncodingException e = assertThrows(EncodingException.class, () -> binder.toTree(anonymous, null));
    assertTrue(e.getMessage().contains("Gson wrote null for it"), e.getMessage());
  }

  @Test
  void cyclesAreAnEncodingException() {
    java.util.List<Object> cycle = new java.util.ArrayList<>();
    cycle.add(cycle);
    EncodingException e = assertThrows(EncodingException.class, () -> binder.toTree(cycle, List.class));
    assertTrue(e.getMessage().endsWith("nested too deeply (a cycle?)"), e.getMessage());
    assertNotNull(e.getCause());
  }
}
