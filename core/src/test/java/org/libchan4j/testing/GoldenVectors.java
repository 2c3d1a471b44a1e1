package org.libchan4j.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.libchan4j.internal.msgpack.MsgpackExt;

/**
 * Loads the golden wire vectors from the classpath directory {@code vectors/} (in core's test resources and its
 * test-jar), so every module can run the same byte-exact checks.
 *
 * <p>{@code vectors/index.txt} names every vector file, one per line, sorted (blank lines and {@code #} lines are
 * ignored); core's {@code GoldenVectorsTest} checks that it lists exactly the {@code *.vec} files of the directory.
 * A vector file is UTF-8 text:
 *
 * <pre>
 * # Free text: what this vector means and why it matters.
 * name: value-08-uint16-256     # must equal the file name without .vec
 * kind: value                   # value | decode-only | reject-encode | reject-decode | frame
 * hex: cd 01 00                 # lower-case pairs, single spaces; may go on over lines starting with whitespace
 * value: 256                    # tagged JSON, see below; may also go on over indented lines
 * encodes-as: ...               # decode-only: what the JSCHAN encoder writes for the value instead
 * error: ...                    # reject-*: a substring of the expected exception message
 * </pre>
 *
 * A {@code #} outside double quotes starts a comment that runs to the end of the line; lines starting with {@code #}
 * are the vector's description.
 *
 * <p>Kinds: {@code value} and {@code frame}: JSCHAN encode(value) equals hex and decode(hex) equals value;
 * {@code decode-only}: decode(hex) equals value and JSCHAN encode(value) equals encodes-as; {@code reject-encode}:
 * JSCHAN encode(value) throws MsgpackEncodeException containing error (a hex, if given, shows what a naive encoder
 * writes and must decode to the value); {@code reject-decode}: decode(hex) throws MsgpackException containing error.
 *
 * <p>Value notation (strict JSON): null, true, false, strings and arrays as themselves; integer numbers are msgpack
 * integers (Long, or BigInteger beyond long); objects are maps with string keys in file order. Single-key objects
 * whose key starts with {@code $} are tags: {@code {"$f32": 1.5}}, {@code {"$f64": 1.5}} (also "NaN", "Infinity",
 * "-Infinity"), {@code {"$bin": "00ff"}}, {@code {"$bin": {"repeat": "ab", "count": 300}}},
 * {@code {"$str": {"repeat": "a", "count": 300}}}, {@code {"$ext": [type, "hex"]}}, {@code {"$chan": [direction, id]}}
 * (ext 1, payload [direction][id uint32 BE]), {@code {"$stream": id}} (ext 2, payload [id uint32 BE]),
 * {@code {"$map": [[key, value], ...]}} (any keys, including a single "$..." string key). Values convert to the
 * codec's model: MsgpackExt for ext, byte[] for bin, ArrayList and LinkedHashMap for containers.
 */
public final class GoldenVectors {
  /** Classpath directory of the vectors. */
  public static final String DIRECTORY = "vectors/";
  /** Classpath resource listing the vector files. */
  public static final String INDEX = DIRECTORY + "index.txt";

  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern HEX_PAIRS = Pattern.compile("([0-9a-f]{2}( [0-9a-f]{2})*)?");
  private static final Pattern FIELD = Pattern.compile("([a-z-]+):(.*)");
  private static final List<String> FIELDS = List.of("name", "kind", "hex", "value", "encodes-as", "error");

  private GoldenVectors() {}

  /** What a vector asserts; see the class documentation. */
  public enum Kind {
    VALUE, DECODE_ONLY, REJECT_ENCODE, REJECT_DECODE, FRAME;

    /** The kind named {@code value}, {@code decode-only}, ... in a vector file. */
    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.fileName().equals(s)) return k;
      }
      throw new IllegalArgumentException("unknown kind '" + s + "'");
    }

    /** How the kind is spelled in a vector file. */
    public String fileName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One parsed vector. {@code hex}, {@code encodesAs} and {@code error} are null when absent; {@code hasValue} tells
   * an absent value from a nil one.
   */
  public record Vector(String file, String name, Kind kind, String description, byte[] hex, boolean hasValue,
      Object value, byte[] encodesAs, String error) {
    @Override
    public String toString() {
      return file;
    }
  }

  /** The file names listed in {@link #INDEX}, in order. */
  public static List<String> index() {
    List<String> files = new ArrayList<>();
    for (String line : resource(INDEX).split("\n")) {
      String s = line.trim();
      if (!s.isEmpty() && !s.startsWith("#")) files.add(s);
    }
    return files;
  }

  /** Every vector the index lists, parsed. */
  public static List<Vector> loadAll() {
    List<Vector> vectors = new ArrayList<>();
    for (String file : index()) vectors.add(load(file));
    return vectors;
  }

  /** One vector file from the classpath directory. */
  public static Vector load(String file) {
    return parse(file, resource(DIRECTORY + file));
  }

  /** Parses the text of vector file {@code file}; errors name the file and what is wrong. */
  public static Vector parse(String file, String text) {
    try {
      return parseFields(file, text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static Vector parseFields(String file, String text) {
    StringBuilder description = new StringBuilder();
    Map<String, StringBuilder> fields = new LinkedHashMap<>();
    StringBuilder current = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("#")) {
        description.append(description.length() == 0 ? "" : "\n").append(line.substring(1).trim());
        continue;
      }
      String content = stripComment(line);
      if (content.isBlank()) continue;
      if (Character.isWhitespace(content.charAt(0))) {
        if (current == null) throw new IllegalArgumentException("line " + (i + 1) + ": continuation without a field");
        current.append('\n').append(content.trim());
        continue;
      }
      var m = FIELD.matcher(content);
      if (!m.matches() || !FIELDS.contains(m.group(1))) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected one of " + FIELDS + " followed by ':'");
      }
      if (fields.containsKey(m.group(1))) {
        throw new IllegalArgumentException("line " + (i + 1) + ": field '" + m.group(1) + "' given twice");
      }
      current = new StringBuilder(m.group(2).trim());
      fields.put(m.group(1), current);
    }
    String name = required(fields, "name");
    if (!file.equals(name + ".vec")) throw new IllegalArgumentException("name '" + name + "' does not match the file");
    Kind kind = Kind.parse(required(fields, "kind"));
    byte[] hex = fields.containsKey("hex") ? parseHex(fields.get("hex").toString()) : null;
    byte[] encodesAs = fields.containsKey("encodes-as") ? parseHex(fields.get("encodes-as").toString()) : null;
    boolean hasValue = fields.containsKey("value");
    Object value = hasValue ? parseValue(fields.get("value").toString()) : null;
    String error = fields.containsKey("error") ? fields.get("error").toString().replace('\n', ' ') : null;
    if (error != null && error.isEmpty()) throw new IllegalArgumentException("empty error");
    switch (kind) {
      case VALUE, FRAME -> expect(kind, hex != null && hasValue && encodesAs == null && error == null,
          "hex and value");
      case DECODE_ONLY -> expect(kind, hex != null && hasValue && encodesAs != null && error == null,
          "hex, value and encodes-as");
      case REJECT_ENCODE -> expect(kind, hasValue && error != null && encodesAs == null,
          "value and error (hex optional)");
      case REJECT_DECODE -> expect(kind, hex != null && error != null && !hasValue && encodesAs == null,
          "hex and error");
      default -> throw new AssertionError(kind);
    }
    return new Vector(file, name, kind, description.toString(), hex, hasValue, value, encodesAs, error);
  }

  private static void expect(Kind kind, boolean ok, String fields) {
    if (!ok) throw new IllegalArgumentException("kind " + kind.fileName() + " needs exactly the fields " + fields);
  }

  private static String required(Map<String, StringBuilder> fields, String key) {
    StringBuilder sb = fields.get(key);
    if (sb == null || sb.length() == 0) throw new IllegalArgumentException("missing field '" + key + "'");
    return sb.toString();
  }

  /** Cuts a line at the first {@code #} outside a double-quoted string. */
  private static String stripComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Bytes from lower-case hex pairs separated by single spaces or line breaks; "" is no bytes. */
  public static byte[] parseHex(String text) {
    String s = text.trim().replace('\n', ' ');
    if (!HEX_PAIRS.matcher(s).matches()) {
      throw new IllegalArgumentException("hex must be lower-case pairs separated by single spaces: '"
          + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'");
    }
    return HEX.parseHex(s.replace(" ", ""));
  }

  /** A value in the tagged JSON notation, converted to the codec's value model. */
  public static Object parseValue(String json) {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) throw new IllegalArgumentException("text after the JSON value");
      return toValue(element);
    } catch (IOException | JsonParseException e) {
      throw new IllegalArgumentException("invalid JSON value: " + e.getMessage(), e);
    }
  }

  private static Object toValue(JsonElement e) {
    if (e.isJsonNull()) return null;
    if (e.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement x : e.getAsJsonArray()) list.add(toValue(x));
      return list;
    }
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.size() == 1) {
        String key = o.keySet().iterator().next();
        if (key.startsWith("$")) return tagged(key, o.get(key));
      }
      Map<Object, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : o.entrySet()) map.put(entry.getKey(), toValue(entry.getValue()));
      return map;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) return p.getAsBoolean();
    if (p.isString()) return p.getAsString();
    return integer(p);
  }

  private static Object integer(JsonElement e) {
    String s = e.getAsJsonPrimitive().getAsString();
    if (!e.getAsJsonPrimitive().isNumber() || s.contains(".") || s.contains("e") || s.contains("E")) {
      throw new IllegalArgumentException("'" + s + "' is not an integer (tag floats with $f32 or $f64)");
    }
    BigInteger v = new BigInteger(s);
    return v.bitLength() <= 63 ? (Object) v.longValue() : v;
  }

  private static long integerIn(JsonElement e, long min, long max, String what) {
    Object v = integer(e);
    if (!(v instanceof Long) || (Long) v < min || (Long) v > max) {
      throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ": " + v);
    }
    return (Long) v;
  }

  private static Object tagged(String tag, JsonElement arg) {
    switch (tag) {
      case "$f32":
        return Float.parseFloat(arg.getAsJsonPrimitive().getAsString());
      case "$f64":
        return Double.parseDouble(arg.getAsJsonPrimitive().getAsString());
      case "$bin":
        return HEX.parseHex(arg.isJsonObject() ? repeat(arg.getAsJsonObject()) : arg.getAsString());
      case "$str":
        return arg.isJsonObject() ? repeat(arg.getAsJsonObject()) : arg.getAsString();
      case "$ext": {
        JsonArray a = arg.getAsJsonArray();
        if (a.size() != 2) throw new IllegalArgumentException("$ext needs [type, \"hex\"]");
        return new MsgpackExt((int) integerIn(a.get(0), -128, 127, "ext type"), HEX.parseHex(a.get(1).getAsString()));
      }
      case "$chan": {
        JsonArray a = arg.getAsJsonArray();
        if (a.size() != 2) throw new IllegalArgumentException("$chan needs [direction, id]");
        long direction = integerIn(a.get(0), 0, 255, "channel direction");
        long id = integerIn(a.get(1), 0, 0xffffffffL, "channel id");
        return new MsgpackExt(1, new byte[] {(byte) direction, (byte) (id >>> 24), (byte) (id >>> 16),
            (byte) (id >>> 8), (byte) id});
      }
      case "$stream": {
        long id = integerIn(arg, 0, 0xffffffffL, "stream id");
        return new MsgpackExt(2, new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
      }
      case "$map": {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (JsonElement entry : arg.getAsJsonArray()) {
          JsonArray kv = entry.getAsJsonArray();
          if (kv.size() != 2) throw new IllegalArgumentException("$map entries are [key, value] pairs");
          Object key = toValue(kv.get(0));
          if (map.containsKey(key)) throw new IllegalArgumentException("$map has a duplicate key " + key);
          map.put(key, toValue(kv.get(1)));
        }
        return map;
      }
      default:
        throw new IllegalArgumentException("unknown tag " + tag + " (wrap a map with such a key in $map)");
    }
  }

  /** {"repeat": s, "count": n}: s repeated n times. */
  private static String repeat(JsonObject o) {
    if (o.size() != 2 || !o.has("repeat") || !o.has("count")) {
      throw new IllegalArgumentException("expected {\"repeat\": ..., \"count\": n}");
    }
    return o.get("repeat").getAsString().repeat((int) integerIn(o.get("count"), 0, 1 << 24, "count"));
  }

  private static String resource(String name) {
    try (InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no classpath resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
