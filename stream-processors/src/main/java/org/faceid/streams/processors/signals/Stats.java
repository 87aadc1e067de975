package org.faceid.streams.processors.signals;

import java.util.Arrays;

/** Small NaN-aware statistics for short series (tens to a few hundred values). */
final class Stats {

  private Stats() {}

  /** Linear-interpolated quantile q in [0, 1] of an ascending array. */
  static double quantileOfSorted(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The finite values of x, ascending. */
  static double[] finiteSorted(double[] x) {
    return Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
  }

  /**
   * Spearman rank correlation over the pairs where both values are finite; NaN with fewer than
   * {@code minPairs} pairs or when either side is constant. Ranks resist the landmark model's
   * occasional wild frame, which Pearson lets dominate a 40-frame clip.
   */
  static double spearman(double[] x, double[] y, int minPairs) {
    int n = 0;
    double[] xs = new double[x.length];
    double[] ys = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        xs[n] = x[i];
        ys[n] = y[i];
        n++;
      }
    }
    if (n < minPairs) {
      return Double.NaN;
    }
    return pearson(ranks(Arrays.copyOf(xs, n)), ranks(Arrays.copyOf(ys, n)));
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
  }

  /** 1-based ranks, ties sharing their mean rank. */
  static double[] ranks(double[] x) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] ranks = new double[x.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = mean;
      }
      i = j + 1;
    }
    return ranks;
  }
}
