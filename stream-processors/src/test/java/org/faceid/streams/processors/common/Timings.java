package org.faceid.streams.processors.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** The in-process benchmarks' one way to time a piece of work: warm-up, then p50/p95 over runs. */
public final class Timings {

  private static final int WARM_UP = 10;

  private Timings() {}

  /** Runs {@code work} {@code calls} times after a warm-up, prints a p50/p95 row and returns the p50 in ms. */
  public static double time(int calls, String what, Supplier<?> work) {
    return time(calls, WARM_UP, what, work);
  }

  public static double time(int calls, int warmUp, String what, Supplier<?> work) {
    for (int i = 0; i < warmUp; i++) {
      work.get();
    }
    double[] ms = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      work.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "  %-34s %8.1f %8.1f%n", what, ms[calls / 2], ms[Math.min(calls - 1, (int) (calls * 0.95))]);
    return ms[calls / 2];
  }
}
