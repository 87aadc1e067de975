package org.faceid.streams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of an identities file: CSV (RFC 4180 quoting, a header naming idcard_number, idcard_name
 * and photo in any order) or, for {@code .jsonl}/{@code .ndjson}, one JSON object per line.
 * A row that cannot be parsed is a row with missing fields, reported like any other failure.
 */
final class IdentityRows {

  static final List<String> COLUMNS = List.of("idcard_number", "idcard_name", "photo");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One identity; {@code line} is its 1-based line in the file. */
  record Row(int line, String idCardNumber, String name, String photo) {}

  private IdentityRows() {}

  static List<Row> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? jsonLines(lines) : csv(lines);
  }

  private static List<Row> jsonLines(List<String> lines) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(lines.get(i));
      } catch (IOException e) {
        node = JSON.createObjectNode();
      }
      rows.add(new Row(i + 1, text(node, COLUMNS.get(0)), text(node, COLUMNS.get(1)), text(node, COLUMNS.get(2))));
    }
    return rows;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<Row> csv(List<String> lines) {
    if (lines.isEmpty()) {
      return List.of();
    }
    List<String> header = fields(lines.get(0).replace("\uFEFF", ""));
    int[] at = new int[COLUMNS.size()];
    for (int c = 0; c < at.length; c++) {
      at[c] = header.indexOf(COLUMNS.get(c));
      if (at[c] < 0) {
        throw new IllegalArgumentException("the CSV header names no column " + COLUMNS.get(c) + ": " + header);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> f = fields(lines.get(i));
      rows.add(new Row(i + 1, field(f, at[0]), field(f, at[1]), field(f, at[2])));
    }
    return rows;
  }

  private static String field(List<String> fields, int index) {
    return index < fields.size() ? fields.get(index) : null;
  }

  /** One CSV line's fields: commas separate, double quotes quote, a doubled quote is a quote. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    fields.add(current.toString().strip());
    return fields;
  }
}
