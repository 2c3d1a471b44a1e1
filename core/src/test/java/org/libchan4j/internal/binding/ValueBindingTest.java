package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Records, POJOs, scalars, enums, nested and container types, nulls, byte[]: tree shape and round trip. */
class ValueBindingTest {
  enum Color { RED, @SerializedName("dark-green") GREEN }

  record Scalars(int i, long l, short s, byte b, double d, float f, boolean z, char c, String str, Color color) {}

  record Boxed(Integer i, Long l, Double d, Float f, Boolean z, String str) {}

  record Item(String name, int count) {}

  record Order(String id, Item first, List<Item> items, Map<String, Item> byName) {}

  record Blob(String name, byte[] data) {}

  record KeyedMaps(Map<Integer, String> byNumber, Map<Color, Integer> byColor, TreeMap<String, Long> sorted) {}

  record Node(String name, Map<String, Node> children) {}

  static final class Pojo {
    String title;
    int pages;
    Boolean draft;
    List<String> tags = new ArrayList<>();
    transient String ignored = "x";

    Pojo() {}

    Pojo(String title, int pages, Boolean draft, List<String> tags) {
      this.title = title;
      this.pages = pages;
      this.draft = draft;
      this.tags = tags;
    }

    @Override public boolean equals(Object o) {
      return o instanceof Pojo && Objects.equals(title, ((Pojo) o).title) && pages == ((Pojo) o).pages
          && Objects.equals(draft, ((Pojo) o).draft) && Objects.equals(tags, ((Pojo) o).tags);
    }

    @Override public int hashCode() { return Objects.hash(title, pages); }
  }

  private final Binder binder = new Binder(null, new Fakes.FakeResolver());

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object tree) {
    return assertInstanceOf(LinkedHashMap.class, tree);
  }

  @Test
  void primitivesBecomeLongFloatDoubleInFieldOrder() {
    Scalars value = new Scalars(-7, 1L << 40, (short) 300, (byte) -2, 2.5, 1.25f, true, 'q', "hi", Color.GREEN);
    Map<Object, Object> tree = map(binder.toTree(value, Scalars.class));

    assertEquals(List.of("i", "l", "s", "b", "d", "f", "z", "c", "str", "color"), new ArrayList<>(tree.keySet()));
    assertEquals(-7L, tree.get("i"));
    assertEquals(1L << 40, tree.get("l"));
    assertEquals(300L, tree.get("s"));
    assertEquals(-2L, tree.get("b"));
    assertEquals(2.5, tree.get("d"));
    assertEquals(1.25f, tree.get("f"));
    assertEquals(true, tree.get("z"));
    assertEquals("q", tree.get("c"));
    assertEquals("dark-green", tree.get("color"));
    assertEquals(value, binder.fromTree(tree, Scalars.class));
  }

  @Test
  void boxedValuesRoundTripAndNullMembersAreDroppedByDefault() {
    Boxed full = new Boxed(1, 2L, 3.5, 4.5f, false, "s");
    Map<Object, Object> tree = map(binder.toTree(full, Boxed.class));
    assertEquals(Map.of("i", 1L, "l", 2L, "d", 3.5, "f", 4.5f, "z", false, "str", "s"), tree);
    assertEquals(full, binder.fromTree(tree, Boxed.class));

    Boxed empty = new Boxed(null, null, null, null, null, null);
    assertEquals(Map.of(), binder.toTree(empty, Boxed.class));
    assertEquals(empty, binder.fromTree(new LinkedHashMap<>(), Boxed.class));
  }

  @Test
  void serializeNullsKeepsNullMembers() {
    Binder nulls = new Binder(new GsonBuilder().serializeNulls(), new Fakes.FakeResolver());
    Map<Object, Object> tree = map(nulls.toTree(new Item(null, 3), Item.class));
    assertTrue(tree.containsKey("name"));
    assertNull(tree.get("name"));
    assertEquals(new Item(null, 3), nulls.fromTree(tree, Item.class));
  }

  @Test
  void nestedRecordsListsAndMapsOfRecords() {
    Map<String, Item> byName = new LinkedHashMap<>();
    byName.put("b", new Item("b", 2));
    Order order = new Order("o1", new Item("a", 1), List.of(new Item("a", 1), new Item("c", 3)), byName);
    Map<Object, Object> tree = map(binder.toTree(order, Order.class));

    assertEquals(Map.of("name", "a", "count", 1L), tree.get("first"));
    assertEquals(List.of(Map.of("name", "a", "count", 1L), Map.of("name", "c", "count", 3L)), tree.get("items"));
    assertEquals(Map.of("b", Map.of("name", "b", "count", 2L)), tree.get("byName"));
    assertEquals(order, binder.fromTree(tree, Order.class));
  }

  @Test
  void pojoRoundTripSkipsTransientFields() {
    Pojo pojo = new Pojo("t", 12, null, List.of("x", "y"));
    Map<Object, Object> tree = map(binder.toTree(pojo, Pojo.class));
    assertEquals(Map.of("title", "t", "pages", 12L, "tags", List.of("x", "y")), tree);
    assertEquals(pojo, binder.fromTree(tree, Pojo.class));
  }

  @Test
  void bytesAreBinInTheTree() {
    byte[] data = {0, 1, (byte) 0xff};
    Map<Object, Object> tree = map(binder.toTree(new Blob("b", data), Blob.class));
    assertSame(data, tree.get("data"));

    Blob back = (Blob) binder.fromTree(tree, Blob.class);
    assertArrayEquals(data, back.data());
  }

  @Test
  void bytesAlsoReadFromAnArrayOfSmallIntegers() {
    Map<String, Object> tree = Map.of("name", "b", "data", List.of(1L, 255L, -1L));
    assertArrayEquals(new byte[] {1, -1, -1}, ((Blob) binder.fromTree(tree, Blob.class)).data());
  }

  @Test
  void mapsWithNonStringKeysReadTheirKeysBack() {
    Map<Integer, String> byNumber = new LinkedHashMap<>();
    byNumber.put(1, "one");
    byNumber.put(-20, "minus twenty");
    Map<Color, Integer> byColor = new LinkedHashMap<>();
    byColor.put(Color.RED, 7); // Gson writes map keys with String.valueOf, not @SerializedName
    TreeMap<String, Long> sorted = new TreeMap<>(Map.of("z", 1L, "a", 2L));
    KeyedMaps value = new KeyedMaps(byNumber, byColor, sorted);

    Map<Object, Object> tree = map(binder.toTree(value, KeyedMaps.class));
    assertEquals(Map.of("1", "one", "-20", "minus twenty"), tree.get("byNumber"));
    assertEquals(Map.of("RED", 7L), tree.get("byColor"));

    KeyedMaps back = (KeyedMaps) binder.fromTree(tree, KeyedMaps.class);
    assertEquals(value, back);
    assertInstanceOf(TreeMap.class, back.sorted());
  }

  @Test
  void genericTypesArePassedThrough() {
    Type type = new TypeToken<Map<String, List<Item>>>() {}.getType();
    Map<String, List<Item>> value = Map.of("k", List.of(new Item("a", 1)));
    Object tree = binder.toTree(value, type);
    assertEquals(Map.of("k", List.of(Map.of("name", "a", "count", 1L))), tree);
    assertEquals(value, binder.fromTree(tree, type));
  }

  @Test
  void recursiveTypesThroughTypedMaps() {
    Node tree = new Node("root", Map.of("a", new Node("a", Map.of("b", new Node("b", Map.of())))));
    Object encoded = binder.toTree(tree, Node.class);
    assertEquals(Map.of("name", "root", "children", Map.of("a", Map.of("name", "a", "children",
        Map.of("b", Map.of("name", "b", "children", Map.of()))))), encoded);
    assertEquals(tree, binder.fromTree(encoded, Node.class));
  }

  @Test
  void specialFloatingPointValuesTravel() {
    Boxed value = new Boxed(null, null, Double.NaN, Float.NEGATIVE_INFINITY, null, null);
    Map<Object, Object> tree = map(binder.toTree(value, Boxed.class));
    assertTrue(Double.isNaN((Double) tree.get("d")));
    assertEquals(Float.NEGATIVE_INFINITY, tree.get("f"));
    assertEquals(value, binder.fromTree(tree, Boxed.class));
  }

  @Test
  void unknownMembersAreSkippedWithoutResolvingTheirReferences() {
    Fakes.FakeResolver resolver = new Fakes.FakeResolver();
    Binder b = new Binder(null, resolver);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("extra", Map.of("deep", List.of(new Fakes.InRef(OutRef.Kind.SENDER, 1))));
    tree.put("name", "n");
    tree.put("other", new Fakes.InRef(OutRef.Kind.RECEIVER, 2));
    tree.put("count", 4L);
    assertEquals(new Item("n", 4), b.fromTree(tree, Item.class));
    assertTrue(resolver.calls.isEmpty());
  }

  @Test
  void integralDoublesBindToIntegerFields() {
    assertEquals(new Item("n", 2), binder.fromTree(Map.of("name", "n", "count", 2.0), Item.class));
    assertFalse(binder.toTree(new Item("n", 2), Item.class).equals(Map.of("name", "n", "count", 2.0)));
  }
}
