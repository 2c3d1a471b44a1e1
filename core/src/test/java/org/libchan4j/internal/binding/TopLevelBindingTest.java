package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.Sender;

/** Messages that are a single scalar, byte[], container or reference. */
class TopLevelBindingTest {
  record Status(int code) {}

  private final Fakes.FakeResolver resolver = new Fakes.FakeResolver();
  private final Binder binder = new Binder(null, resolver);

  @Test
  void scalarsToTree() {
    assertEquals("s", binder.toTree("s", String.class));
    assertEquals(5L, binder.toTree(5, Integer.class));
    assertEquals(5L, binder.toTree(5, int.class));
    assertEquals(-9L, binder.toTree(-9L, Long.class));
    assertEquals(2.5, binder.toTree(2.5, Double.class));
    assertEquals(0.25f, binder.toTree(0.25f, Float.class));
    assertEquals(true, binder.toTree(true, Boolean.class));
    assertEquals(7L, binder.toTree(7, null));
    assertNull(binder.toTree(null, String.class));
  }

  @Test
  void scalarsFromTree() {
    assertEquals("s", binder.fromTree("s", String.class));
    assertEquals(5, binder.fromTree(5L, Integer.class));
    assertEquals(5, binder.fromTree(5L, int.class));
    assertEquals(-9L, binder.fromTree(-9L, Long.class));
    assertEquals(2.5, binder.fromTree(2.5, Double.class));
    assertEquals(5.0, binder.fromTree(5L, Double.class));
    assertEquals(true, binder.fromTree(true, Boolean.class));
    assertEquals("12", binder.fromTree(12L, String.class)); // Gson reads a number into a String field
    assertNull(binder.fromTree(null, Integer.class));
    assertEquals("cannot bind $: expected a boolean but found the number 1",
        assertThrows(BindingException.class, () -> binder.fromTree(1L, Boolean.class)).getMessage());
  }

  @Test
  void bytes() {
    byte[] data = {1, 2, 3};
    assertSame(data, binder.toTree(data, byte[].class));
    assertSame(data, binder.toTree(data, null));
    assertArrayEquals(data, (byte[]) binder.fromTree(data, byte[].class));
    assertSame(data, binder.fromTree(data, Object.class));
    assertEquals("cannot bind $: expected bytes but found a string",
        assertThrows(BindingException.class, () -> binder.fromTree("x", byte[].class)).getMessage());
  }

  @Test
  void containers() {
    assertEquals(Map.of("a", 1L), binder.toTree(Map.of("a", 1), Map.class));
    assertEquals(List.of(1L, "b"), binder.toTree(List.of(1, "b"), List.class));
    assertEquals(List.of(1L, "b"), binder.toTree(List.of(1, "b"), Object.class));
    assertEquals(Map.of("a", 1L), binder.fromTree(Map.of("a", 1L), Map.class));
    assertEquals(List.of(1L, "b"), binder.fromTree(List.of(1L, "b"), List.class));
    assertEquals(List.of(1L, 2.5), binder.fromTree(List.of(1L, 2.5), Object.class));
    assertEquals("x", binder.fromTree("x", Object.class));
  }

  @Test
  void referenceAsTheWholeMessage() {
    Type type = new TypeToken<Sender<Status>>() {}.getType();
    Fakes.FakeSender<Status> sender = new Fakes.FakeSender<>("s");
    OutRef ref = assertInstanceOf(OutRef.class, binder.toTree(sender, type));
    assertEquals(Status.class, ref.elementType());

    Fakes.InRef in = new Fakes.InRef(OutRef.Kind.SENDER, 8);
    assertInstanceOf(Fakes.FakeSender.class, binder.fromTree(in, type));
    assertEquals(new Fakes.Call(in, Sender.class, Status.class), resolver.calls.get(0));
  }
}
