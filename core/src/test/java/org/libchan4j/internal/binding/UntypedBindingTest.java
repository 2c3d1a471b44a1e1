package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.libchan4j.internal.binding.Fakes.Call;
import org.libchan4j.internal.binding.Fakes.FakeResolver;
import org.libchan4j.internal.binding.Fakes.FakeSender;
import org.libchan4j.internal.binding.Fakes.InRef;

/** Map<String,Object>, List<Object>, Object: plain Java values with Long integers, bin and resolved refs. */
class UntypedBindingTest {
  record Envelope(String kind, Map<String, Object> body, List<Object> parts, Object loose) {}

  record Wildcards(Map<?, ?> anyMap, List<?> anyList, Set<Object> set) {}

  private static final Type MAP_OF_OBJECT = new TypeToken<Map<String, Object>>() {}.getType();

  private final FakeResolver resolver = new FakeResolver();
  private final Binder binder = new Binder(null, resolver);

  private static Map<String, Object> sampleTree(InRef ref, byte[] bin) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("n", 42L);
    inner.put("x", 0.5);
    inner.put("f", 1.5f);
    inner.put("bin", bin);
    inner.put("ref", ref);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("list", List.of(1L, "two", true));
    tree.put("inner", inner);
    tree.put("none", null);
    return tree;
  }

  private void assertSample(Object value, byte[] bin, InRef ref) {
    Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, value);
    assertEquals(List.of("list", "inner", "none"), new ArrayList<>(map.keySet()));
    assertEquals(List.of(1L, "two", true), assertInstanceOf(ArrayList.class, map.get("list")));
    Map<?, ?> inner = assertInstanceOf(LinkedHashMap.class, map.get("inner"));
    assertEquals(42L, inner.get("n"));
    assertEquals(0.5, inner.get("x"));
    assertEquals(1.5f, inner.get("f"));
    assertSame(bin, inner.get("bin"));
    assertEquals("in-" + ref.id(), ((FakeSender<?>) inner.get("ref")).name);
    assertEquals(new Call(ref, Object.class, Object.class), resolver.calls.get(resolver.calls.size() - 1));
  }

  @Test
  void mapOfStringToObject() {
    byte[] bin = {1, 2};
    InRef ref = new InRef(OutRef.Kind.SENDER, 1);
    assertSample(binder.fromTree(sampleTree(ref, bin), MAP_OF_OBJECT), bin, ref);
  }

  @Test
  void topLevelObjectRawMapAndRawList() {
    byte[] bin = {3};
    InRef ref = new InRef(OutRef.Kind.SENDER, 2);
    assertSample(binder.fromTree(sampleTree(ref, bin), Object.class), bin, ref);
    assertSample(binder.fromTree(sampleTree(ref, bin), Map.class), bin, ref);
    List<?> list = assertInstanceOf(ArrayList.class, binder.fromTree(List.of(sampleTree(ref, bin)), List.class));
    assertSample(list.get(0), bin, ref);
  }

  @Test
  void untypedFieldsOfARecord() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("kind", "k");
    tree.put("body", Map.of("count", 3L, "ref", new InRef(OutRef.Kind.RECEIVER, 5)));
    tree.put("parts", List.of(7L, new InRef(OutRef.Kind.BYTE_STREAM, 6), new byte[] {4}));
    tree.put("loose", 9L);
    Envelope envelope = (Envelope) binder.fromTree(tree, Envelope.class);
    assertEquals(3L, envelope.body().get("count"));
    assertInstanceOf(Fakes.FakeReceiver.class, envelope.body().get("ref"));
    assertEquals(7L, envelope.parts().get(0));
    assertInstanceOf(Fakes.FakeByteStream.class, envelope.parts().get(1));
    assertInstanceOf(byte[].class, envelope.parts().get(2));
    assertEquals(9L, envelope.loose());
  }

  @Test
  void objectFieldReadsLongOrDoubleByDefault() {
    assertEquals(9L, ((Envelope) binder.fromTree(Map.of("loose", 9L), Envelope.class)).loose());
    assertEquals(2.5, ((Envelope) binder.fromTree(Map.of("loose", 2.5), Envelope.class)).loose());
    assertEquals(Double.NaN, ((Envelope) binder.fromTree(Map.of("loose", Double.NaN), Envelope.class)).loose());
    Object nested = ((Envelope) binder.fromTree(Map.of("loose", Map.of("a", List.of(1L))), Envelope.class)).loose();
    assertEquals(Map.of("a", List.of(1L)), nested);
  }

  @Test
  void objectFieldKeepsAUserChosenNumberStrategy() {
    Binder b = new Binder(new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.BIG_DECIMAL), resolver);
    assertEquals(new BigDecimal("9"), ((Envelope) b.fromTree(Map.of("loose", 9L), Envelope.class)).loose());
  }

  @Test
  void wildcardAndSetContainersAreUntypedToo() {
    Map<String, Object> tree = Map.of(
        "anyMap", Map.of("r", new InRef(OutRef.Kind.SENDER, 1)),
        "anyList", List.of(1L),
        "set", List.of(2L, new InRef(OutRef.Kind.RECEIVER, 2)));
    Wildcards value = (Wildcards) binder.fromTree(tree, Wildcards.class);
    assertInstanceOf(FakeSender.class, value.anyMap().get("r"));
    assertEquals(List.of(1L), value.anyList());
    assertInstanceOf(LinkedHashSet.class, value.set());
    assertEquals(2, value.set().size());
    assertEquals(true, value.set().contains(2L));
  }

  @Test
  void nonStringKeysBecomeStrings() {
    Map<Object, Object> tree = new LinkedHashMap<>();
    tree.put(1L, "one");
    tree.put(new byte[] {'k'}, "bin key");
    assertEquals(Map.of("1", "one", "k", "bin key"), binder.fromTree(tree, MAP_OF_OBJECT));
  }

  @Test
  void writingUntypedContainersGivesTreeValuesAndRefs() {
    FakeSender<Object> sender = new FakeSender<>("s");
    byte[] bin = {1};
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("i", 1);
    message.put("short", (short) 2);
    message.put("f", 0.5f);
    message.put("bin", bin);
    message.put("sender", sender);
    message.put("list", new ArrayList<>(List.of(3, Map.of("deep", sender))));

    Map<?, ?> tree = assertInstanceOf(LinkedHashMap.class, binder.toTree(message, MAP_OF_OBJECT));
    assertEquals(1L, tree.get("i"));
    assertEquals(2L, tree.get("short"));
    assertEquals(0.5f, tree.get("f"));
    assertSame(bin, tree.get("bin"));
    OutRef ref = assertInstanceOf(OutRef.class, tree.get("sender"));
    assertSame(sender, ref.target());
    assertEquals(Object.class, ref.elementType());
    List<?> list = (List<?>) tree.get("list");
    assertEquals(3L, list.get(0));
    assertInstanceOf(OutRef.class, ((Map<?, ?>) list.get(1)).get("deep"));
  }

  @Test
  void foreignObjectsInAnUntypedTreeNameTheirPath() {
    BindingException e = org.junit.jupiter.api.Assertions.assertThrows(BindingException.class,
        () -> binder.fromTree(Map.of("a", List.of(1L, Thread.currentThread())), Object.class));
    assertEquals("cannot bind $.a[1]: found a java.lang.Thread (not a tree value)", e.getMessage());
  }

  @Test
  void untypedContainerWhereTheTreeHasAScalar() {
    BindingException e = org.junit.jupiter.api.Assertions.assertThrows(BindingException.class,
        () -> binder.fromTree(Map.of("body", "text"), Envelope.class));
    assertEquals("cannot bind $.body: expected an object but found a string", e.getMessage());
  }
}
