package org.libchan4j.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.Sender;

/** The user's GsonBuilder is honoured both ways and never modified. */
class GsonConfigTest {
  /** A value class the user encodes as "12.50 EUR". */
  record Money(long cents, String currency) {}

  record Invoice(String customerName, Money totalDue, Sender<Money> paymentReply) {}

  static final class MoneyAdapter extends TypeAdapter<Money> {
    @Override
    public void write(JsonWriter out, Money m) throws IOException {
      out.value(m.cents() / 100 + "." + String.format("%02d", m.cents() % 100) + " " + m.currency());
    }

    @Override
    public Money read(JsonReader in) throws IOException {
      String[] parts = in.nextString().split("[. ]");
      return new Money(Long.parseLong(parts[0]) * 100 + Long.parseLong(parts[1]), parts[2]);
    }
  }

  private static GsonBuilder userBuilder() {
    return new GsonBuilder()
        .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .registerTypeAdapter(Money.class, new MoneyAdapter());
  }

  @Test
  void namingPolicyAndCustomAdapterApplyBothWays() {
    Fakes.FakeResolver resolver = new Fakes.FakeResolver();
    Binder binder = new Binder(userBuilder(), resolver);
    Fakes.FakeSender<Money> reply = new Fakes.FakeSender<>("r");
    Invoice invoice = new Invoice("Ada", new Money(1250, "EUR"), reply);

    Map<?, ?> tree = assertInstanceOf(Map.class, binder.toTree(invoice, Invoice.class));
    assertEquals("Ada", tree.get("customer_name"));
    assertEquals("12.50 EUR", tree.get("total_due"));
    OutRef ref = assertInstanceOf(OutRef.class, tree.get("payment_reply"));
    assertEquals(Money.class, ref.elementType());

    Map<String, Object> inbound = new LinkedHashMap<>();
    inbound.put("customer_name", "Ada");
    inbound.put("total_due", "12.50 EUR");
    inbound.put("payment_reply", new Fakes.InRef(OutRef.Kind.SENDER, 1));
    Invoice back = (Invoice) binder.fromTree(inbound, Invoice.class);
    assertEquals("Ada", back.customerName());
    assertEquals(new Money(1250, "EUR"), back.totalDue());
    assertEquals(List.of(new Fakes.Call(new Fakes.InRef(OutRef.Kind.SENDER, 1), Sender.class, Money.class)),
        resolver.calls);
  }

  /**
   * Sessions of one configuration share its Gson and adapters (one Gson per session cost ~2.4 KB of heap each),
   * yet each binder resolves references with its own session's resolver.
   */
  @Test
  void bindersOfOneConfigurationShareAdaptersButNotResolvers() {
    java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
    GsonBuilder user = userBuilder().registerTypeAdapterFactory(new com.google.gson.TypeAdapterFactory() {
      @Override
      public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (type.getRawType() == Invoice.class) created.incrementAndGet();
        return null;
      }
    });
    Fakes.FakeResolver first = new Fakes.FakeResolver();
    Fakes.FakeResolver second = new Fakes.FakeResolver();
    Binder a = new Binder(user, first);
    Binder b = new Binder(user, second);
    Map<String, Object> inbound = new LinkedHashMap<>();
    inbound.put("customer_name", "Ada");
    inbound.put("total_due", "12.50 EUR");
    inbound.put("payment_reply", new Fakes.InRef(OutRef.Kind.SENDER, 7));
    a.fromTree(inbound, Invoice.class);
    b.fromTree(inbound, Invoice.class);
    b.toTree(new Invoice("Bo", new Money(1, "EUR"), null), Invoice.class);
    assertEquals(1, created.get(), "one adapter for Invoice across both binders");
    assertEquals(1, first.calls.size());
    assertEquals(1, second.calls.size());
    // Another configuration gets its own Gson.
    new Binder(userBuilder(), first).fromTree(inbound, Invoice.class);
    assertEquals(2, first.calls.size());
  }

  @Test
  void userBuilderIsNotMutated() {
    GsonBuilder user = userBuilder();
    Binder binder = new Binder(user, new Fakes.FakeResolver());
    binder.toTree(new Invoice("x", new Money(1, "EUR"), null), Invoice.class);

    Gson afterwards = user.create();
    assertEquals("[1,2]", afterwards.toJson(new byte[] {1, 2}));             // no bin adapter added
    assertThrows(IllegalArgumentException.class, () -> afterwards.toJson(Double.NaN)); // no special floats
    assertEquals(1.0, afterwards.fromJson("1", Object.class));             // number strategy untouched
    assertEquals("{\"total_due\":\"0.01 EUR\"}", afterwards.toJson(new Invoice(null, new Money(1, "EUR"), null)));
  }

  @Test
  void userAdapterForAContainerTypeWins() {
    Type counts = new TypeToken<Map<String, Integer>>() {}.getType();
    TypeAdapter<Map<String, Integer>> asText = new TypeAdapter<>() {
      @Override public void write(JsonWriter out, Map<String, Integer> value) throws IOException {
        out.value(value.toString());
      }

      @Override public Map<String, Integer> read(JsonReader in) throws IOException {
        return Map.of(in.nextString(), 0);
      }
    };
    Binder binder = new Binder(new GsonBuilder().registerTypeAdapter(counts, asText), new Fakes.FakeResolver());
    assertEquals("{a=1}", binder.toTree(Map.of("a", 1), counts));
    assertEquals(Map.of("text", 0), binder.fromTree("text", counts));
  }

  @Test
  void userAdapterCannotReplaceTheReferenceTypes() {
    TypeAdapter<Sender<?>> hijack = new TypeAdapter<>() {
      @Override public void write(JsonWriter out, Sender<?> value) throws IOException { out.value("hijacked"); }
      @Override public Sender<?> read(JsonReader in) throws IOException { return null; }
    };
    Binder binder = new Binder(new GsonBuilder().registerTypeHierarchyAdapter(Sender.class, hijack),
        new Fakes.FakeResolver());
    Fakes.FakeSender<Money> reply = new Fakes.FakeSender<>("r");
    Map<?, ?> tree = assertInstanceOf(Map.class, binder.toTree(new Invoice("x", null, reply), Invoice.class));
    assertInstanceOf(OutRef.class, tree.get("paymentReply"));
  }
}
