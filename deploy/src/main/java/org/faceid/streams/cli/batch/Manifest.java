package org.faceid.streams.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A batch manifest: CSV with a header row, or JSON lines (a file ending in .jsonl/.ndjson, or whose
 * first non-blank character is '{'). Each row is a {@link Case}; ids must be present and unique,
 * since {@code --out} holds each id exactly once.
 */
public final class Manifest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifest() {}

  /** One case: its id, biz_no, flow and every other column as given (media paths, digits, API options). */
  public record Case(int row, String id, String bizNo, Flow flow, Map<String, String> columns) {
    public String column(String name) {
      String value = columns.get(name);
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  /** The three flows: two selfies, a silent still video, or a video reading the digits shown. */
  public enum Flow {
    SELFIE, STILL, VIDEO;

    static Flow parse(String value, int row) {
      try {
        return Flow.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("row " + row + ": flow must be selfie, still or video, not '" + value + "'");
      }
    }
  }

  public static List<Case> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson") || text.stripLeading().startsWith("{");
    List<Map<String, String>> rows = jsonl ? jsonLines(text) : csv(text);
    List<Case> cases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      int number = i + 1;
      String id = blankToNull(row.get("id"));
      if (id == null) {
        throw new IllegalArgumentException("row " + number + ": no id");
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException("row " + number + ": id '" + id + "' appears twice");
      }
      String flow = blankToNull(row.get("flow"));
      if (flow == null) {
        throw new IllegalArgumentException("row " + number + ": no flow");
      }
      cases.add(new Case(number, id, blankToNull(row.get("biz_no")), Flow.parse(flow, number), row));
    }
    return cases;
  }

  private static List<Map<String, String>> jsonLines(String text) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      if (!node.isObject()) {
        throw new IllegalArgumentException("JSONL row " + (rows.size() + 1) + " is not an object");
      }
      Map<String, String> row = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> row.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
      rows.add(row);
    }
    return rows;
  }

  /** RFC 4180 CSV: a header, quoted fields with "" for a quote and line breaks allowed inside quotes. */
  static List<Map<String, String>> csv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        addUnlessBlank(records, record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("CSV: a quoted field is not closed");
    }
    record.add(field.toString());
    addUnlessBlank(records, record);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.getFirst().stream().map(String::trim).toList();
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> values : records.subList(1, records.size())) {
      if (values.size() > header.size()) {
        throw new IllegalArgumentException("CSV row " + (rows.size() + 1) + " has more fields than the header");
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        row.put(header.get(i), values.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static void addUnlessBlank(List<List<String>> records, List<String> record) {
    if (!(record.size() == 1 && record.getFirst().isBlank())) {
      records.add(record);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
