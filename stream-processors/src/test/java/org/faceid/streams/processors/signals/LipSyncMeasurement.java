package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.signals.LipSyncScorer.Score;
import org.faceid.streams.processors.signals.LipSyncTrials.Kind;
import org.faceid.streams.processors.signals.LipSyncTrials.Trial;

/**
 * The lip-sync separation report on the real clips (see LipSyncTrials for the trial kinds), about
 * a minute on one core. From the repository root, with FACEID_TESTDATA and FACEID_MODEL_DIR set:
 * <pre>
 * ./mvnw -o -q -pl stream-processors dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * ./mvnw -o -q -pl stream-processors -am test-compile
 * $JAVA_21_OR_NEWER/bin/java -Xss4m -cp stream-processors/target/test-classes:stream-processors/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.signals.LipSyncMeasurement [-v] 2>/dev/null
 * </pre>
 * {@code -v} adds every trial's score and reason.
 */
public final class LipSyncMeasurement {

  private static final Set<Kind> OUT_OF_SYNC = EnumSet.complementOf(
      EnumSet.of(Kind.IN_SYNC, Kind.IN_SYNC_LOSSY, Kind.REVOICED));

  private LipSyncMeasurement() {}

  public static void main(String[] args) {
    boolean verbose = Arrays.asList(args).contains("-v");
    FaceEngine engine = FaceTestSupport.engine();
    long start = System.nanoTime();
    List<Trial> trials = LipSyncTrials.all(engine);
    System.out.printf("%d trials on %d windows in %.1f s%n%n", trials.size(),
        LipSyncTrials.windows(engine).size(), (System.nanoTime() - start) / 1e9);
    report("with spans (digit placements where known, else voice activity)", trials, Trial::withSpans);
    report("without spans (the scorer's own voice activity)", trials, Trial::withoutSpans);
    hardCase(engine);
    compareOpeningMeasures(engine);
    if (verbose) {
      for (Trial t : trials) {
        System.out.printf("%-14s %-40s %-34s %6.3f %s%n", t.kind(), t.face(), t.audio(),
            t.withSpans().value(), t.withSpans().reason());
      }
    }
  }

  static void report(String title, List<Trial> trials, Function<Trial, Score> score) {
    System.out.println("== " + title);
    System.out.printf("%-13s %4s %7s %7s %7s %9s %9s  %s%n", "kind", "n", "min", "median", "max",
        ">=" + LipSyncScorer.IN_SYNC_MIN, ">=" + LipSyncScorer.IN_SYNC_MIN_STRICT, "");
    for (Kind kind : Kind.values()) {
      double[] v = values(trials, t -> t.kind() == kind, score);
      System.out.printf("%-13s %4d %7.3f %7.3f %7.3f %8.0f%% %8.0f%%  %s%n", kind, v.length, min(v),
          median(v), max(v), 100 * passShare(v, LipSyncScorer.IN_SYNC_MIN),
          100 * passShare(v, LipSyncScorer.IN_SYNC_MIN_STRICT), kind.description);
    }
    double[] grid = values(trials, t -> t.kind() == Kind.IN_SYNC && isGrid(t), score);
    double[] hdtf = values(trials, t -> t.kind() == Kind.IN_SYNC && !isGrid(t), score);
    double[] revoicedGrid = values(trials, t -> t.kind() == Kind.REVOICED && isGrid(t), score);
    double[] revoicedHdtf = values(trials, t -> t.kind() == Kind.REVOICED && !isGrid(t), score);
    System.out.printf("in sync: GRID %.3f..%.3f, HDTF %.3f..%.3f; re-voiced: GRID %.3f..%.3f"
        + " (pass %.0f%%), HDTF %.3f..%.3f (pass %.0f%%)%n", min(grid), max(grid), min(hdtf), max(hdtf),
        min(revoicedGrid), max(revoicedGrid), 100 * passShare(revoicedGrid, LipSyncScorer.IN_SYNC_MIN),
        min(revoicedHdtf), max(revoicedHdtf), 100 * passShare(revoicedHdtf, LipSyncScorer.IN_SYNC_MIN));
    double[] inSync = values(trials, t -> t.kind() == Kind.IN_SYNC, score);
    double[] revoiced = values(trials, t -> t.kind() == Kind.REVOICED, score);
    double[] out = values(trials, t -> OUT_OF_SYNC.contains(t.kind()), score);
    double[] outButGrid = values(trials, t -> OUT_OF_SYNC.contains(t.kind())
        && t.kind() != Kind.SWAPPED_GRID, score);
    System.out.printf("AUC in-sync vs out-of-sync %.3f (without GRID-GRID swaps %.3f);"
        + " re-voiced vs out-of-sync %.3f%n", auc(inSync, out), auc(inSync, outButGrid), auc(revoiced, out));
    StringBuilder perKind = new StringBuilder("AUC in-sync vs");
    for (Kind kind : OUT_OF_SYNC) {
      perKind.append(String.format(" %s %.3f,", kind, auc(inSync, values(trials, t -> t.kind() == kind, score))));
    }
    System.out.println(perKind);
    System.out.println("threshold sweep: in-sync pass / re-voiced pass / out-of-sync accepted"
        + " (all, without GRID-GRID swaps)");
    for (double th = 0.10; th <= 0.451; th += 0.05) {
      System.out.printf("  %.2f: %5.1f%% / %5.1f%% / %5.1f%% (%5.1f%%)%n", th, 100 * passShare(inSync, th),
          100 * passShare(revoiced, th), 100 * passShare(out, th), 100 * passShare(outButGrid, th));
    }
    System.out.println();
  }

  /** The live-performance clip (camera cuts, other faces): shown, not counted. */
  private static void hardCase(FaceEngine engine) {
    AvClip clip = LipSyncTrials.clip(LipSyncTrials.HARD, engine);
    System.out.println("== hard case " + clip.name() + " (own audio, 3 s windows; not in the AUC)");
    for (long start = 1000; start + 3000 <= clip.durationMs(); start += 1500) {
      LipSyncTrials.Window w = new LipSyncTrials.Window(clip, start, 3000);
      Trial t = LipSyncTrials.trial(Kind.IN_SYNC, w, w.openings(clip.mouthOpening()), "own",
          LipSyncTrials.excerpt(clip, start, 3000), null);
      System.out.printf("  %-32s %6.3f %s%n", w.label(), t.withSpans().value(), t.withSpans().reason());
    }
    System.out.println();
  }

  /** Why MouthOpening measures the lower lip from the nose: the same trials with other measures. */
  private static void compareOpeningMeasures(FaceEngine engine) {
    System.out.println("== opening measures on the same trials (AUC in-sync vs out-of-sync, without"
        + " GRID-GRID swaps; re-voiced vs out-of-sync; in-sync min / median). The still-mouth checks"
        + " are in MouthOpening's units: a 0 minimum means a smaller-ranged measure tripped them.");
    Map<String, ToDoubleFunction<float[]>> measures = new LinkedHashMap<>();
    measures.put("lower-lip drop / nose length (MouthOpening)", MouthOpening::of);
    measures.put("inner-lip gap / interocular", lm -> innerGap(lm) / interocular(lm));
    measures.put("inner-lip gap / nose length", lm -> innerGap(lm) / distance(lm, 27, 33));
    measures.put("outer-lip gap / interocular", lm -> (distance(lm, 51, 57) + distance(lm, 50, 58)
        + distance(lm, 52, 56)) / 3 / interocular(lm));
    measures.put("lower-lip drop / interocular", lm -> (distance(lm, 33, 66) + distance(lm, 33, 57))
        / 2 / interocular(lm));
    for (Map.Entry<String, ToDoubleFunction<float[]>> m : measures.entrySet()) {
      List<Trial> trials = LipSyncTrials.all(engine, m.getValue());
      double[] inSync = values(trials, t -> t.kind() == Kind.IN_SYNC, Trial::withSpans);
      double[] revoiced = values(trials, t -> t.kind() == Kind.REVOICED, Trial::withSpans);
      double[] out = values(trials, t -> OUT_OF_SYNC.contains(t.kind()) && t.kind() != Kind.SWAPPED_GRID,
          Trial::withSpans);
      System.out.printf("  %-45s %.3f  %.3f  %.3f / %.3f%n", m.getKey(), auc(inSync, out),
          auc(revoiced, out), min(inSync), median(inSync));
    }
    System.out.println();
  }

  private static double innerGap(float[] lm) {
    return (distance(lm, 62, 66) + distance(lm, 61, 67) + distance(lm, 63, 65)) / 3;
  }

  private static double interocular(float[] lm) {
    double[] left = centre(lm, 36, 42);
    double[] right = centre(lm, 42, 48);
    return Math.hypot(left[0] - right[0], left[1] - right[1]);
  }

  private static double[] centre(float[] lm, int from, int to) {
    double x = 0;
    double y = 0;
    for (int i = from; i < to; i++) {
      x += lm[2 * i];
      y += lm[2 * i + 1];
    }
    return new double[] {x / (to - from), y / (to - from)};
  }

  private static double distance(float[] lm, int a, int b) {
    return Math.hypot(lm[2 * a] - lm[2 * b], lm[2 * a + 1] - lm[2 * b + 1]);
  }

  private static boolean isGrid(Trial t) {
    return Arrays.stream(LipSyncTrials.GRID).anyMatch(g -> t.face().startsWith(g + "@"));
  }

  static double[] values(List<Trial> trials, Predicate<Trial> which, Function<Trial, Score> score) {
    List<Double> out = new ArrayList<>();
    for (Trial t : trials) {
      if (which.test(t)) {
        out.add(score.apply(t).value());
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Probability that a random positive outscores a random negative (ties count half). */
  static double auc(double[] positives, double[] negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double n : negatives) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    return wins / ((double) positives.length * negatives.length);
  }

  static double passShare(double[] v, double threshold) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).filter(x -> x >= threshold).count() / (double) v.length;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : Stats.quantileOfSorted(s, 0.5);
  }
}
