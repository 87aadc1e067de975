package org.faceid.streams.processors.face;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The head-pose labels of real photos in {@code pose-labels.csv} (who labelled them and how: its header). */
record PoseLabels(String set, String photo, String person, String label, String note) {

  static final String FRONTAL = "frontal";
  static final String SLIGHT = "slight";
  /** Labels a side selfie must accept: three-quarter views and stronger turns. */
  static final Set<String> TURNED = Set.of("three-quarter", "strong-turn");

  static List<PoseLabels> load() {
    try (var in = PoseLabels.class.getResourceAsStream("pose-labels.csv");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines()
          .filter(line -> !line.startsWith("#") && !line.startsWith("set,") && !line.isBlank())
          .map(line -> line.split(",", -1))
          .map(f -> new PoseLabels(f[0], f[1], f[2], f[3], f[4]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean turned() {
    return TURNED.contains(label);
  }

  /** The set a table row belongs to: testdata, or the package the photo came from. */
  String photoSet() {
    return set.equals("testdata") ? "testdata" : photo.substring(0, photo.indexOf('/'));
  }
}
