package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.faceid.streams.processors.signals.DubbingTrials.Family;
import org.faceid.streams.processors.signals.DubbingTrials.Trial;
import org.faceid.streams.processors.signals.LipSyncScorer.Cues;

/**
 * Fits the lip-sync fusion (a logistic model of the cues) and its thresholds on a set of trials.
 * Genuine and attack trials weigh the same in all; a trial a gate rejected scores 0 and is not fitted.
 *
 * @param weights bias, correlation, pause contrast, gap contrast
 * @param threshold the score {@link #GENUINE_PASS} of the in-sync readings reach (the default)
 * @param strictThreshold lowest score at which every attack family accepts at most {@link #STRICT_RATE}
 */
record SyncFusionFit(double[] weights, double threshold, double strictThreshold) {

  /**
   * The targets cannot both be met (see LipSyncScorer.IN_SYNC_MIN): the default keeps genuine
   * readers passing, video_strict keeps every dubbing family under the strict acceptance target.
   */
  static final double GENUINE_PASS = 0.95;
  static final double STRICT_RATE = 0.005;
  /** Ridge on the weights (not the bias): keeps a fold with separable data from running off. */
  private static final double RIDGE_PER_TRIAL = 5e-4;
  private static final int ITERATIONS = 30;

  static double[] features(Cues c) {
    return new double[] {1, c.correlation(), c.pauseContrast(), c.gapContrast()};
  }

  /** The production model: {@link Cues#fused()}. */
  static SyncFusionFit production() {
    return new SyncFusionFit(new double[] {LipSyncScorer.FUSION_BIAS, LipSyncScorer.FUSION_CORRELATION,
        LipSyncScorer.FUSION_PAUSE, LipSyncScorer.FUSION_GAP},
        LipSyncScorer.IN_SYNC_MIN, LipSyncScorer.IN_SYNC_MIN_STRICT);
  }

  double score(Trial t) {
    Cues c = t.evidence().cues();
    if (c == null) {
      return 0;
    }
    double[] x = features(c);
    double z = 0;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  static SyncFusionFit fit(List<Trial> trials) {
    double[] w = fitWeights(trials);
    SyncFusionFit model = new SyncFusionFit(w, 0, 0);
    double[] genuine = trials.stream().filter(t -> t.family() == Family.READING).mapToDouble(model::score)
        .sorted().toArray();
    return new SyncFusionFit(w, Stats.quantileOfSorted(genuine, 1 - GENUINE_PASS),
        lowestThreshold(attackScores(trials, model), STRICT_RATE));
  }

  static Map<Family, double[]> attackScores(List<Trial> trials, SyncFusionFit model) {
    Map<Family, double[]> scores = new EnumMap<>(Family.class);
    for (Family f : Family.values()) {
      if (!f.genuine) {
        scores.put(f, trials.stream().filter(t -> t.family() == f).mapToDouble(model::score).toArray());
      }
    }
    return scores;
  }

  /** The lowest threshold at which no family accepts more than {@code rate} of its trials. */
  static double lowestThreshold(Map<Family, double[]> families, double rate) {
    double threshold = 0;
    for (double[] scores : families.values()) {
      if (scores.length == 0) {
        continue;
      }
      double[] descending = Arrays.stream(scores).map(v -> -v).sorted().map(v -> -v).toArray();
      int allowed = (int) Math.floor(rate * descending.length);
      if (allowed < descending.length) {
        threshold = Math.max(threshold, Math.nextUp(descending[allowed]));
      }
    }
    return threshold;
  }

  /** Balanced, ridge-penalised logistic regression by Newton's method. */
  static double[] fitWeights(List<Trial> trials) {
    List<double[]> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (Trial t : trials) {
      if (t.evidence().cues() != null && (t.family() == Family.READING || !t.family().genuine)) {
        x.add(features(t.evidence().cues()));
        y.add(t.family() == Family.READING);
      }
    }
    long positives = y.stream().filter(b -> b).count();
    double positiveWeight = (double) (y.size() - positives) / Math.max(1, positives);
    int d = x.get(0).length;
    double[] w = new double[d];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      double[] gradient = new double[d];
      double[][] hessian = new double[d][d];
      for (int n = 0; n < x.size(); n++) {
        double[] xn = x.get(n);
        double p = 1 / (1 + Math.exp(-dot(w, xn)));
        double weight = y.get(n) ? positiveWeight : 1;
        double residual = (y.get(n) ? 1 : 0) - p;
        for (int i = 0; i < d; i++) {
          gradient[i] += weight * residual * xn[i];
          for (int j = 0; j < d; j++) {
            hessian[i][j] += weight * p * (1 - p) * xn[i] * xn[j];
          }
        }
      }
      for (int i = 1; i < d; i++) {
        gradient[i] -= RIDGE_PER_TRIAL * x.size() * w[i];
        hessian[i][i] += RIDGE_PER_TRIAL * x.size();
      }
      double[] step = solve(hessian, gradient);
      for (int i = 0; i < d; i++) {
        w[i] += step[i];
      }
    }
    return w;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Gaussian elimination with partial pivoting (a few unknowns). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        pivot = Math.abs(m[r][col]) > Math.abs(m[pivot][col]) ? r : pivot;
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int r = 0; r < n; r++) {
        if (r != col && m[col][col] != 0) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = m[i][i] == 0 ? 0 : m[i][n] / m[i][i];
    }
    return x;
  }
}
