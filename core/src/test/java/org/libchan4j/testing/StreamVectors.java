package org.libchan4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Golden vectors of the raw byte-stream framing (PROTOCOL.md section 2.2): classpath directory
 * {@code vectors/stream/}, listed sorted in its {@code index.txt}. A {@code .rec} file is UTF-8 text:
 *
 * <pre>
 * # What the record means.
 * name: stream-01-frame-record-end      # must equal the file name without .rec
 * hex: 00 00 00 05 81 a2 69 64 01       # the bytes on the stream (as in {@link GoldenVectors})
 * frame: {"id": 1}                      # a frame record: the frame it carries (GoldenVectors' JSON notation)
 * code: 1000                            # or a close record: its code...
 * reason: text                          # ...and its reason (the rest of the line, possibly empty)
 * </pre>
 */
public final class StreamVectors {
  /** Classpath directory of the stream vectors. */
  public static final String DIRECTORY = GoldenVectors.DIRECTORY + "stream/";

  private StreamVectors() {}

  /** One record: a frame record ({@code frame} set) or a close record ({@code code} and {@code reason}). */
  public record Record(String file, byte[] hex, boolean isFrame, Object frame, int code, String reason) {
    @Override
    public String toString() {
      return file;
    }
  }

  /** The file names listed in the index, in order. */
  public static List<String> index() {
    List<String> files = new ArrayList<>();
    for (String line : resource(DIRECTORY + "index.txt").split("\n")) {
      String s = line.trim();
      if (!s.isEmpty() && !s.startsWith("#")) files.add(s);
    }
    return files;
  }

  /** Every record the index lists, parsed. */
  public static List<Record> loadAll() {
    List<Record> records = new ArrayList<>();
    for (String file : index()) records.add(parse(file, resource(DIRECTORY + file)));
    return records;
  }

  /** Parses one record file; errors name the file. */
  public static Record parse(String file, String text) {
    Map<String, StringBuilder> fields = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : text.split("\r?\n", -1)) {
      if (line.startsWith("#") || line.isBlank()) continue;
      if (Character.isWhitespace(line.charAt(0))) {
        if (current == null) throw new IllegalArgumentException(file + ": continuation without a field");
        current.append('\n').append(line.trim());
        continue;
      }
      int colon = line.indexOf(':');
      String key = colon < 0 ? line : line.substring(0, colon);
      if (!List.of("name", "hex", "frame", "code", "reason").contains(key) || fields.containsKey(key)) {
        throw new IllegalArgumentException(file + ": unexpected line '" + line + "'");
      }
      String value = line.substring(colon + 1);
      current = new StringBuilder(key.equals("reason") ? value.replaceFirst("^ ", "") : value.trim());
      fields.put(key, current);
    }
    if (!file.equals(fields.get("name") + ".rec")) throw new IllegalArgumentException(file + ": name does not match");
    byte[] hex = GoldenVectors.parseHex(fields.get("hex").toString());
    if (fields.containsKey("frame")) {
      if (fields.containsKey("code") || fields.containsKey("reason")) {
        throw new IllegalArgumentException(file + ": a frame record has no code or reason");
      }
      return new Record(file, hex, true, GoldenVectors.parseValue(fields.get("frame").toString()), 0, null);
    }
    if (!fields.containsKey("code") || !fields.containsKey("reason")) {
      throw new IllegalArgumentException(file + ": needs frame, or code and reason");
    }
    return new Record(file, hex, false, null, Integer.parseInt(fields.get("code").toString()),
        fields.get("reason").toString());
  }

  private static String resource(String name) {
    try (InputStream in = StreamVectors.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no classpath resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
