package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binding reuses its tree readers ({@link TreeReader#obtain}): what one bind leaves behind, even one that failed
 * deep inside a message or an adapter that changed the reader's settings, must not reach the next bind.
 */
class ReaderReuseTest {
  record Leaf(int count) {}

  record Branch(String name, List<Leaf> leaves) {}

  record Tree(Branch branch, double weight) {}

  private final Binder binder = new Binder(null, new Fakes.FakeResolver());

  @Test
  void aReleasedReaderIsHandedOutAgainOnTheSameThread() {
    TreeReader first = TreeReader.obtain(Map.of(), null);
    TreeReader second = TreeReader.obtain(Map.of(), null);
    assertNotSame(first, second, "a reader in use is never handed out twice");
    second.release();
    first.release();
    TreeReader again = TreeReader.obtain(Map.of(), null);
    assertSame(second, again);
    again.release();
  }

  @Test
  void aBindThatFailedDeepInsideLeavesNothingForTheNext() {
    Map<String, Object> bad = Map.of("branch", Map.of("name", "b",
        "leaves", List.of(Map.of("count", 1L), Map.of("count", "x"))), "weight", 1.0);
    BindingException e = assertThrows(BindingException.class, () -> binder.fromTree(bad, Tree.class));
    assertEquals("cannot bind $.branch.leaves[1].count: expected an int but found a string", e.getMessage());

    Map<String, Object> good = Map.of("branch", Map.of("name", "c", "leaves", List.of(Map.of("count", 7L))),
        "weight", 2.5);
    assertEquals(new Tree(new Branch("c", List.of(new Leaf(7))), 2.5), binder.fromTree(good, Tree.class));
    BindingException top = assertThrows(BindingException.class, () -> binder.fromTree(Map.of("count", true),
        Leaf.class));
    assertEquals("cannot bind $.count: expected an int but found a boolean", top.getMessage());
  }

  @Test
  void strictnessAnAdapterSetIsUndoneBeforeTheNextBind() {
    Binder strict = new Binder(new GsonBuilder().registerTypeAdapter(Leaf.class, new TypeAdapter<Leaf>() {
      @Override public void write(JsonWriter out, Leaf value) {
        throw new UnsupportedOperationException();
      }

      @Override public Leaf read(JsonReader in) throws java.io.IOException {
        in.setStrictness(Strictness.STRICT);
        in.beginObject();
        in.nextName();
        Leaf leaf = new Leaf(in.nextInt());
        in.endObject();
        return leaf;
      }
    }), new Fakes.FakeResolver());
    assertEquals(new Leaf(3), strict.fromTree(Map.of("count", 3L), Leaf.class));
    // NaN reads only on a lenient reader: the pooled reader must be lenient again.
    assertEquals(Double.NaN, (Double) strict.fromTree(Double.NaN, Double.class));
  }

  @Test
  void anAdapterThatBindsAgainInsideABindGetsAReaderOfItsOwn() {
    Binder[] self = new Binder[1];
    self[0] = new Binder(new GsonBuilder().registerTypeAdapter(Leaf.class, new TypeAdapter<Leaf>() {
      @Override public void write(JsonWriter out, Leaf value) {
        throw new UnsupportedOperationException();
      }

      @Override public Leaf read(JsonReader in) throws java.io.IOException {
        in.beginObject();
        in.nextName();
        // binds another tree while the outer reader is in the middle of this one
        Plain inner = (Plain) self[0].fromTree(Map.of("n", 40L), Plain.class);
        int count = in.nextInt();
        in.endObject();
        return new Leaf(inner.n() + count);
      }
    }), new Fakes.FakeResolver());
    assertEquals(new Leaf(42), self[0].fromTree(Map.of("count", 2L), Leaf.class));
    assertEquals(new Branch("x", List.of(new Leaf(41))),
        self[0].fromTree(Map.of("name", "x", "leaves", List.of(Map.of("count", 1L))), Branch.class));
  }

  record Plain(int n) {}
}
