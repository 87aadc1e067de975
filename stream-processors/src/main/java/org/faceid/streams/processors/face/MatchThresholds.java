package org.faceid.streams.processors.face;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.faceid.streams.schema.Comparison;

/**
 * The calibrated decision thresholds of the embedding model: the cosine similarity an impostor
 * pair exceeds with a given false-accept rate. Written by {@code bench/calibrate.sh}
 * ({@code Calibration}, test scope) to {@value #RESOURCE}; see MODELS.md for how far the data supports each rate.
 *
 * <p>The API's confidence is the cosine mapped onto the vendor's scale: one piecewise-linear,
 * strictly increasing map through (0, 0), each measured threshold to the vendor's value for its rate
 * in seed 002's example ({@link #VENDOR_SCALE}: 1e-3 65.3, 1e-4 71.8, 1e-5 76.5, 1e-6 79.9) and
 * (1, 100); a negative cosine is 0. The returned thresholds are then the vendor's numbers, and a
 * client tuned on them (a cut near 70) keeps its meaning here. Monotonic, so a comparison keeps its
 * order and each threshold its false-accept rate on either scale.
 */
public record MatchThresholds(double far1e2, double far1e3, double far1e4, double far1e5, double far1e6) {

  public static final String RESOURCE = "match-thresholds.properties";
  /** The vendor's confidence at its 1e-3, 1e-4, 1e-5 and 1e-6 thresholds (seed 002's example). */
  public static final double[] VENDOR_SCALE = {65.3, 71.8, 76.5, 79.9};

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
    if (!(-1 <= t.far1e2 && 0 < t.far1e3 && t.far1e2 < t.far1e3 && t.far1e3 < t.far1e4 && t.far1e4 < t.far1e5
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

  /** The confidence (0-100, three decimals) of a cosine similarity: the calibration map above. */
  public double confidence(double cosine) {
    double[] knots = {0, far1e3, far1e4, far1e5, far1e6, 1};
    double[] scale = {0, VENDOR_SCALE[0], VENDOR_SCALE[1], VENDOR_SCALE[2], VENDOR_SCALE[3], 100};
    double c = Math.max(0, Math.min(1, cosine));
    int i = 1;
    while (i < knots.length - 1 && c > knots[i]) {
      i++;
    }
    double mapped = scale[i - 1] + (scale[i] - scale[i - 1]) * (c - knots[i - 1]) / (knots[i] - knots[i - 1]);
    return Math.round(mapped * 1000) / 1000.0;
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
