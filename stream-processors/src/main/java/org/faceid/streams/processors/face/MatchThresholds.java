package org.faceid.streams.processors.face;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.faceid.streams.schema.Comparison;

/**
 * The calibrated decision thresholds of the embedding model: the cosine similarity an impostor
 * pair exceeds with a given false-accept rate. Written by {@code bench/calibrate.sh}
 * ({@link Calibration}) to {@value #RESOURCE}; see MODELS.md for how far the data supports each rate.
 *
 * <p>The API's confidence scale is the cosine itself times 100, clamped to [0, 100]: monotonic, so a
 * threshold keeps its meaning on either scale, and nothing is hidden in a fitted curve.
 */
public record MatchThresholds(double far1e2, double far1e3, double far1e4, double far1e5, double far1e6) {

  public static final String RESOURCE = "match-thresholds.properties";

  /** Environment variable: a properties file (the keys of {@value #RESOURCE}) to use instead of the calibrated table. */
  public static final String FILE_ENV = "FACEID_MATCH_THRESHOLDS";

  public static MatchThresholds load() {
    Properties table = new Properties();
    try (InputStream in = MatchThresholds.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE + ": run bench/calibrate.sh");
      }
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(table);
  }

  /** The table named by {@value #FILE_ENV} in {@code env}, else the calibrated one ({@link #load()}). */
  public static MatchThresholds fromEnvironment(java.util.Map<String, String> env) {
    String file = env.get(FILE_ENV);
    if (file == null || file.isBlank()) {
      return load();
    }
    Properties table = new Properties();
    try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE_ENV + "=" + file, e);
    }
    return of(table);
  }

  private static MatchThresholds of(Properties table) {
    MatchThresholds t = new MatchThresholds(cosine(table, "far.1e-2"), cosine(table, "far.1e-3"),
        cosine(table, "far.1e-4"), cosine(table, "far.1e-5"), cosine(table, "far.1e-6"));
    // Rarer false accepts need stricter thresholds; anything else is a broken table.
    if (!(-1 <= t.far1e2 && t.far1e2 < t.far1e3 && t.far1e3 < t.far1e4 && t.far1e4 < t.far1e5
        && t.far1e5 < t.far1e6 && t.far1e6 <= 1)) {
      throw new IllegalStateException(RESOURCE + " is not increasing within [-1, 1]: " + t);
    }
    return t;
  }

  private static double cosine(Properties table, String key) {
    String value = table.getProperty(key);
    if (value == null) {
      throw new IllegalStateException(RESOURCE + " has no " + key);
    }
    return Double.parseDouble(value);
  }

  public static double confidence(double cosine) {
    return Math.round(Math.max(0, Math.min(1, cosine)) * 100_000) / 1000.0;
  }

  /** result_ref / result_faceid for one similarity. */
  public Comparison comparison(double cosine) {
    return Comparison.newBuilder()
        .setConfidence(confidence(cosine))
        .setThreshold1e3(confidence(far1e3))
        .setThreshold1e4(confidence(far1e4))
        .setThreshold1e5(confidence(far1e5))
        .setThreshold1e6(confidence(far1e6))
        .build();
  }
}
