package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.internal.binding.Fakes.Call;
import org.libchan4j.internal.binding.Fakes.FakeByteStream;
import org.libchan4j.internal.binding.Fakes.FakeReceiver;
import org.libchan4j.internal.binding.Fakes.FakeResolver;
import org.libchan4j.internal.binding.Fakes.FakeSender;
import org.libchan4j.internal.binding.Fakes.InRef;

/** Channels and byte streams in messages: OutRef on the way out, resolver calls on the way in. */
class RefBindingTest {
  record Status(int code) {}

  record Item(String name) {}

  record Request(String cmd, List<String> args, Sender<Status> status) {}

  record Generic(Sender<List<Item>> items, Receiver<Map<String, Item>> updates) {}

  record Streams(ByteStream duplex, InputStream in, OutputStream out) {}

  record Raw(@SuppressWarnings("rawtypes") Sender anyReply, Object anything) {}

  record Level3(Receiver<Status> progress, Map<String, Object> extra) {}

  record Level2(Level3 inner, List<Object> refs) {}

  record Level1(Level2 inner) {}

  record Loose(Object value) {}

  record Fanout(List<Sender<Status>> replies, Map<String, Receiver<Item>> feeds) {}

  record Named(String name) {}

  /** Declares its own element type, so a raw position still knows it. */
  static final class StatusSender extends FakeSender<Status> {
    StatusSender() {
      super("status");
    }
  }

  private final FakeResolver resolver = new FakeResolver();
  private final Binder binder = new Binder(null, resolver);

  private static OutRef ref(Object tree, OutRef.Kind kind, Object target) {
    OutRef ref = assertInstanceOf(OutRef.class, tree);
    assertEquals(kind, ref.kind());
    assertSame(target, ref.target());
    return ref;
  }

  /** A map with the given key/value pairs in order (Map.of has no order, and resolver calls follow it). */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object tree) {
    return assertInstanceOf(Map.class, tree);
  }

  @Test
  void senderFieldBecomesOutRefWithItsElementType() {
    FakeSender<Status> status = new FakeSender<>("s");
    Map<Object, Object> tree = map(binder.toTree(new Request("ls", List.of("-l"), status), Request.class));
    assertEquals("ls", tree.get("cmd"));
    assertEquals(List.of("-l"), tree.get("args"));
    assertEquals(Status.class, ref(tree.get("status"), OutRef.Kind.SENDER, status).elementType());
  }

  @Test
  void genericElementTypesAreKept() {
    FakeSender<List<Item>> items = new FakeSender<>("i");
    FakeReceiver<Map<String, Item>> updates = new FakeReceiver<>("u");
    Map<Object, Object> tree = map(binder.toTree(new Generic(items, updates), Generic.class));

    Type listOfItem = TypeToken.getParameterized(List.class, Item.class).getType();
    assertEquals(listOfItem, ref(tree.get("items"), OutRef.Kind.SENDER, items).elementType());
    assertEquals(TypeToken.getParameterized(Map.class, String.class, Item.class).getType(),
        ref(tree.get("updates"), OutRef.Kind.RECEIVER, updates).elementType());
  }

  @Test
  void byteStreamKindsHaveNoElementType() {
    FakeByteStream duplex = new FakeByteStream();
    InputStream in = new ByteArrayInputStream(new byte[1]);
    OutputStream out = new ByteArrayOutputStream();
    Map<Object, Object> tree = map(binder.toTree(new Streams(duplex, in, out), Streams.class));
    assertNull(ref(tree.get("duplex"), OutRef.Kind.BYTE_STREAM, duplex).elementType());
    assertNull(ref(tree.get("in"), OutRef.Kind.INPUT_STREAM, in).elementType());
    assertNull(ref(tree.get("out"), OutRef.Kind.OUTPUT_STREAM, out).elementType());
  }

  @Test
  void rawAndObjectPositionsUseTheRuntimeClass() {
    FakeSender<String> plain = new FakeSender<>("p");
    StatusSender typed = new StatusSender();
    Map<Object, Object> tree = map(binder.toTree(new Raw(plain, typed), Raw.class));
    assertEquals(Object.class, ref(tree.get("anyReply"), OutRef.Kind.SENDER, plain).elementType());
    assertEquals(Status.class, ref(tree.get("anything"), OutRef.Kind.SENDER, typed).elementType());
  }

  @Test
  void anonymousStreamClassesAreStillReferences() {
    InputStream anonymous = new InputStream() {
      @Override public int read() { return -1; }
    };
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("in", anonymous);
    Map<Object, Object> tree = map(binder.toTree(new Streams(null, anonymous, null), Streams.class));
    ref(tree.get("in"), OutRef.Kind.INPUT_STREAM, anonymous);
    Map<Object, Object> untyped = map(binder.toTree(extra, new TypeToken<Map<String, Object>>() {}.getType()));
    ref(untyped.get("in"), OutRef.Kind.INPUT_STREAM, anonymous);
  }

  @Test
  void refsAtDepthThreeInsideUntypedContainers() {
    FakeReceiver<Status> progress = new FakeReceiver<>("p");
    FakeSender<Object> inMap = new FakeSender<>("m");
    FakeByteStream inList = new FakeByteStream();
    byte[] bytes = {9};
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("reply", inMap);
    extra.put("nested", List.of(Map.of("bin", bytes)));
    List<Object> refs = new ArrayList<>();
    refs.add(inList);
    refs.add(5);

    Level1 message = new Level1(new Level2(new Level3(progress, extra), refs));
    Map<Object, Object> l2 = map(map(binder.toTree(message, Level1.class)).get("inner"));
    Map<Object, Object> l3 = map(l2.get("inner"));
    assertEquals(Status.class, ref(l3.get("progress"), OutRef.Kind.RECEIVER, progress).elementType());
    Map<Object, Object> extraTree = map(l3.get("extra"));
    assertEquals(Object.class, ref(extraTree.get("reply"), OutRef.Kind.SENDER, inMap).elementType());
    assertSame(bytes, map(((List<?>) extraTree.get("nested")).get(0)).get("bin"));
    List<?> refsTree = (List<?>) l2.get("refs");
    ref(refsTree.get(0), OutRef.Kind.BYTE_STREAM, inList);
    assertEquals(5L, refsTree.get(1));
  }

  @Test
  void fromTreeResolvesWithTheDeclaredKindAndElementType() {
    InRef status = new InRef(OutRef.Kind.SENDER, 3);
    Map<String, Object> tree = Map.of("cmd", "ls", "args", List.of(), "status", status);
    Request request = (Request) binder.fromTree(tree, Request.class);
    assertEquals("in-3", ((FakeSender<?>) request.status()).name);
    assertEquals(List.of(new Call(status, Sender.class, Status.class)), resolver.calls);
  }

  @Test
  void fromTreeKeepsGenericElementTypes() {
    InRef items = new InRef(OutRef.Kind.SENDER, 1);
    InRef updates = new InRef(OutRef.Kind.RECEIVER, 2);
    Generic generic = (Generic) binder.fromTree(ordered("items", items, "updates", updates), Generic.class);
    assertInstanceOf(FakeSender.class, generic.items());
    assertInstanceOf(FakeReceiver.class, generic.updates());
    assertEquals(List.of(
        new Call(items, Sender.class, TypeToken.getParameterized(List.class, Item.class).getType()),
        new Call(updates, Receiver.class, TypeToken.getParameterized(Map.class, String.class, Item.class).getType())),
        resolver.calls);
  }

  @Test
  void fromTreeResolvesByteStreamKinds() {
    InRef duplex = new InRef(OutRef.Kind.BYTE_STREAM, 1);
    InRef in = new InRef(OutRef.Kind.INPUT_STREAM, 2);
    InRef out = new InRef(OutRef.Kind.OUTPUT_STREAM, 3);
    Streams streams = (Streams) binder.fromTree(ordered("duplex", duplex, "in", in, "out", out), Streams.class);
    assertInstanceOf(FakeByteStream.class, streams.duplex());
    assertInstanceOf(ByteArrayInputStream.class, streams.in());
    assertInstanceOf(ByteArrayOutputStream.class, streams.out());
    assertEquals(List.of(new Call(duplex, ByteStream.class, null), new Call(in, InputStream.class, null),
        new Call(out, OutputStream.class, null)), resolver.calls);
  }

  @Test
  void fromTreeResolvesRefsAtDepthThreeInsideUntypedContainers() {
    InRef progress = new InRef(OutRef.Kind.RECEIVER, 1);
    InRef reply = new InRef(OutRef.Kind.SENDER, 2);
    InRef duplex = new InRef(OutRef.Kind.BYTE_STREAM, 3);
    Map<String, Object> extra = ordered("reply", reply, "n", 7L);
    Map<String, Object> l3 = ordered("progress", progress, "extra", extra);
    Map<String, Object> tree = Map.of("inner", ordered("inner", l3, "refs", List.of(duplex, 1.5)));

    Level1 message = (Level1) binder.fromTree(tree, Level1.class);
    Level3 level3 = message.inner().inner();
    assertInstanceOf(FakeReceiver.class, level3.progress());
    assertInstanceOf(FakeSender.class, level3.extra().get("reply"));
    assertEquals(7L, level3.extra().get("n"));
    assertInstanceOf(FakeByteStream.class, message.inner().refs().get(0));
    assertEquals(1.5, message.inner().refs().get(1));
    assertEquals(List.of(new Call(progress, Receiver.class, Status.class), new Call(reply, Object.class, Object.class),
        new Call(duplex, Object.class, Object.class)), resolver.calls);
  }

  @Test
  void referencesAsElementsOfTypedContainersKeepTheirElementType() {
    FakeSender<Status> reply = new FakeSender<>("r");
    FakeReceiver<Item> feed = new FakeReceiver<>("f");
    Map<Object, Object> tree = map(binder.toTree(new Fanout(List.of(reply), Map.of("f", feed)), Fanout.class));
    assertEquals(Status.class, ref(((List<?>) tree.get("replies")).get(0), OutRef.Kind.SENDER, reply).elementType());
    assertEquals(Item.class, ref(map(tree.get("feeds")).get("f"), OutRef.Kind.RECEIVER, feed).elementType());

    InRef in1 = new InRef(OutRef.Kind.SENDER, 1);
    InRef in2 = new InRef(OutRef.Kind.RECEIVER, 2);
    Fanout back = (Fanout) binder.fromTree(ordered("replies", List.of(in1), "feeds", Map.of("f", in2)), Fanout.class);
    assertInstanceOf(FakeSender.class, back.replies().get(0));
    assertInstanceOf(FakeReceiver.class, back.feeds().get("f"));
    assertEquals(List.of(new Call(in1, Sender.class, Status.class), new Call(in2, Receiver.class, Item.class)),
        resolver.calls);
  }

  @Test
  void kindMismatchNamesTheFieldPath() {
    Map<String, Object> tree = Map.of("cmd", "ls", "status", new InRef(OutRef.Kind.RECEIVER, 1));
    BindingException e = assertThrows(BindingException.class, () -> binder.fromTree(tree, Request.class));
    assertEquals("cannot bind $.status: expected a Sender but the peer sent a channel this side reads",
        e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void kindMismatchInsideUntypedContainerNamesThePath() {
    RefResolver refusing = new FakeResolver() {
      @Override public Object resolve(Object treeValue, Class<?> wanted, Type elementType) {
        throw new IllegalStateException("reference 4 was already used");
      }
    };
    Binder b = new Binder(null, refusing);
    Map<String, Object> tree = Map.of("inner", Map.of("inner", Map.of("extra", Map.of("list",
        List.of(1L, new InRef(OutRef.Kind.SENDER, 4))))));
    BindingException e = assertThrows(BindingException.class, () -> b.fromTree(tree, Level1.class));
    assertEquals("cannot bind $.inner.inner.extra.list[1]: reference 4 was already used", e.getMessage());
  }

  @Test
  void valueWhereAReferenceIsDeclared() {
    Map<String, Object> tree = Map.of("cmd", "ls", "status", "later");
    BindingException e = assertThrows(BindingException.class, () -> binder.fromTree(tree, Request.class));
    assertEquals("cannot bind $.status: expected a Sender but found a string", e.getMessage());
  }

  @Test
  void referenceWhereAValueIsDeclared() {
    Map<String, Object> tree = Map.of("name", new InRef(OutRef.Kind.SENDER, 1));
    BindingException e = assertThrows(BindingException.class, () -> binder.fromTree(tree, Named.class));
    assertTrue(e.getMessage().startsWith(
        "cannot bind $.name: expected a string but found a reference (channel or byte stream); references"),
        e.getMessage());
    assertTrue(resolver.calls.isEmpty());
  }

  @Test
  void referenceOrBytesInAnObjectFieldSayHowToDeclareIt() {
    for (Object special : List.of(new InRef(OutRef.Kind.SENDER, 1), new byte[] {1})) {
      BindingException e = assertThrows(BindingException.class,
          () -> binder.fromTree(Map.of("value", special), Loose.class));
      assertTrue(e.getMessage().startsWith("cannot bind $.value: "), e.getMessage());
      assertTrue(e.getMessage().contains("Map<String,Object>"), e.getMessage());
      assertTrue(e.getMessage().contains("Sender"), e.getMessage());
    }
  }

  @Test
  void resolvedObjectMustFitADeclaredImplementationClass() {
    record Narrow(StatusSender s) {}
    BindingException e = assertThrows(BindingException.class,
        () -> binder.fromTree(Map.of("s", new InRef(OutRef.Kind.SENDER, 1)), Narrow.class));
    assertTrue(e.getMessage().startsWith("cannot bind $.s: the reference resolved to "), e.getMessage());
    assertTrue(e.getMessage().endsWith("declare it as Sender"), e.getMessage());
  }

  @Test
  void nullReferencesStayNull() {
    Map<Object, Object> tree = map(binder.toTree(new Request("x", List.of(), null), Request.class));
    assertTrue(!tree.containsKey("status"));
    assertNull(((Request) binder.fromTree(tree, Request.class)).status());
    assertTrue(resolver.calls.isEmpty());
  }

  @Test
  void aClassThatIsTwoKindsIsRefusedInRawPositions() {
    final class Both extends FakeSender<Object> implements ByteStream {
      Both() { super("both"); }
      @Override public InputStream input() { return null; }
      @Override public OutputStream output() { return null; }
    }
    org.libchan4j.EncodingException e = assertThrows(org.libchan4j.EncodingException.class,
        () -> binder.toTree(new Loose(new Both()), Loose.class));
    assertTrue(e.getMessage().contains("is both a Sender and a ByteStream"), e.getMessage());
  }
}
