package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.signals.DubbingTrials.Family;
import org.faceid.streams.processors.signals.DubbingTrials.Trial;

/**
 * Leave-one-clip-out calibration of the lip-sync fusion against dubbing (DubbingTrials): for each of
 * the six AV clips, the fusion and both thresholds are fitted on the trials that do not involve it
 * (neither its face nor its audio) and applied to the trials of its face. Prints the per-family
 * table (accepted at the default and the strict threshold, in-sync passed), operating points of the
 * pooled held-out scores, and the fit on all clips, which is what LipSyncScorer's constants hold.
 * From the repository root, with FACEID_TESTDATA and FACEID_MODEL_DIR set:
 * <pre>
 * ./mvnw -o -q -pl stream-processors dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * ./mvnw -o -q -pl stream-processors -am test-compile
 * java -Xss4m -cp stream-processors/target/test-classes:stream-processors/target/classes:schemas/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.signals.LipSyncCalibration [12.5|25] 2>/dev/null
 * </pre>
 * The argument is the mouth track's frame rate (default: both).
 */
public final class LipSyncCalibration {

  private LipSyncCalibration() {}

  public static void main(String[] args) {
    FaceEngine engine = FaceTestSupport.engine();
    List<String> rates = args.length == 0 ? List.of("12.5", "25") : Arrays.asList(args);
    for (String rate : rates) {
      long start = System.nanoTime();
      List<Trial> trials = DubbingTrials.all(engine, rate.equals("25") ? 1 : 2);
      System.out.printf(Locale.ROOT, "== mouth track at %s fps: %d trials (%.0f s)%n", rate, trials.size(),
          (System.nanoTime() - start) / 1e9);
      report(trials);
    }
  }

  static void report(List<Trial> trials) {
    cueQuartiles(trials);
    Map<Trial, Double> heldOut = new java.util.IdentityHashMap<>();
    Map<Family, int[]> counts = new EnumMap<>(Family.class);
    Map<String, int[]> subCounts = new java.util.TreeMap<>();
    for (String clip : DubbingTrials.clipNames()) {
      SyncFusionFit fold = SyncFusionFit.fit(trials.stream().filter(t -> !t.clips().contains(clip)).toList());
      System.out.printf(Locale.ROOT, "  fold %-32s weights %s thresholds %.3f / %.3f%n", clip,
          format(fold.weights()), fold.threshold(), fold.strictThreshold());
      for (Trial t : trials) {
        if (t.face().equals(clip)) {
          double s = fold.score(t);
          heldOut.put(t, s);
          int[] c = counts.computeIfAbsent(t.family(), f -> new int[3]);
          c[0]++;
          c[1] += s >= fold.threshold() ? 1 : 0;
          c[2] += s >= fold.strictThreshold() ? 1 : 0;
          String sub = subfamily(t);
          if (sub != null) {
            int[] k = subCounts.computeIfAbsent(sub, x -> new int[3]);
            k[0]++;
            k[1] += s >= fold.threshold() ? 1 : 0;
            k[2] += s >= fold.strictThreshold() ? 1 : 0;
          }
        }
      }
    }
    System.out.println("leave-one-clip-out (genuine rows: passed; attack rows: accepted)");
    System.out.printf("  %-13s %5s %9s %9s  %s%n", "family", "n", "default", "strict", "");
    for (Family f : Family.values()) {
      int[] c = counts.getOrDefault(f, new int[3]);
      System.out.printf(Locale.ROOT, "  %-13s %5d %8.1f%% %8.1f%%  %s%n", f, c[0], 100.0 * c[1] / c[0],
          100.0 * c[2] / c[0], f.description);
    }
    subCounts.forEach((sub, c) -> System.out.printf(Locale.ROOT, "    %-32s %5d %8.1f%% %8.1f%%%n", sub, c[0],
        100.0 * c[1] / c[0], 100.0 * c[2] / c[0]));
    operatingPoints(heldOut);
    SyncFusionFit all = SyncFusionFit.fit(trials);
    System.out.printf(Locale.ROOT, "fit on all clips: weights %s, thresholds %.3f / %.3f%n",
        format(all.weights()), all.threshold(), all.strictThreshold());
    SyncFusionFit production = SyncFusionFit.production();
    System.out.println("in-sample on all trials: production constants (default, strict) | the previous scorer"
        + " (correlation x moving share >= 0.25 / 0.35)");
    for (Family f : Family.values()) {
      double[] s = trials.stream().filter(t -> t.family() == f).mapToDouble(production::score).toArray();
      double[] before = trials.stream().filter(t -> t.family() == f).mapToDouble(LipSyncCalibration::previous)
          .toArray();
      System.out.printf(Locale.ROOT, "  %-13s %5d %8.1f%% %8.1f%% | %8.1f%% %8.1f%%%n", f, s.length,
          100 * LipSyncMeasurement.passShare(s, production.threshold()),
          100 * LipSyncMeasurement.passShare(s, production.strictThreshold()),
          100 * LipSyncMeasurement.passShare(before, 0.25), 100 * LipSyncMeasurement.passShare(before, 0.35));
    }
    System.out.println();
  }

  /** Pooled held-out scores: each attack family's acceptance where genuine readings pass 80-99%. */
  private static void operatingPoints(Map<Trial, Double> heldOut) {
    double[] genuine = scores(heldOut, Family.READING);
    double[] sorted = genuine.clone();
    Arrays.sort(sorted);
    System.out.print("operating points (pooled held-out scores): genuine pass -> accepted per family\n  pass  ");
    for (Family f : Family.values()) {
      System.out.printf(" %12s", f);
    }
    System.out.println();
    for (double pass : new double[] {0.99, 0.95, 0.90, 0.80, 0.70, 0.50}) {
      double threshold = Stats.quantileOfSorted(sorted, 1 - pass);
      System.out.printf(Locale.ROOT, "  %3.0f%%  ", 100 * pass);
      for (Family f : Family.values()) {
        System.out.printf(Locale.ROOT, " %11.1f%%", 100 * LipSyncMeasurement.passShare(scores(heldOut, f), threshold));
      }
      System.out.println();
    }
    List<Family> attacks = new ArrayList<>();
    for (Family f : Family.values()) {
      if (!f.genuine) {
        attacks.add(f);
      }
    }
    StringBuilder auc = new StringBuilder("  AUC genuine vs");
    for (Family f : attacks) {
      auc.append(String.format(Locale.ROOT, " %s %.3f", f, LipSyncMeasurement.auc(genuine, scores(heldOut, f))));
    }
    System.out.println(auc);
  }

  /** Each cue's quartiles per family (trials a gate rejected left out), to see which cue separates what. */
  private static void cueQuartiles(List<Trial> trials) {
    String[] names = {"correlation", "pause contrast", "gap contrast"};
    for (int cue = 0; cue < names.length; cue++) {
      System.out.printf("  %-15s", names[cue]);
      for (Family f : Family.values()) {
        int k = cue + 1;
        double[] v = trials.stream().filter(t -> t.family() == f && t.evidence().cues() != null)
            .mapToDouble(t -> SyncFusionFit.features(t.evidence().cues())[k]).sorted().toArray();
        System.out.printf(Locale.ROOT, " %s(%d) %5.2f/%5.2f/%5.2f", f.name().substring(0, 5), v.length,
            Stats.quantileOfSorted(v, 0.25), Stats.quantileOfSorted(v, 0.5), Stats.quantileOfSorted(v, 0.75));
      }
      System.out.println();
    }
  }

  /** Where a family mixes easy and hard attacks: which voice, how far shifted (null: not split). */
  private static String subfamily(Trial t) {
    return switch (t.family()) {
      case OTHER_VOICE -> t.audio().endsWith("unaligned") ? "other voice: digits unaligned"
          : t.audio().contains("#") ? "other voice: FSDD, same digits" : "other voice: another clip's speech";
      case SHIFTED -> (t.audio().startsWith("own") ? "shifted own speech " : "shifted reading ")
          + t.audio().substring(t.audio().replaceAll("[+-]\\d+$", "").length()) + " ms";
      case OTHER_MOMENT -> t.audio().startsWith("own") ? "another moment: HDTF window" : "another moment: FSDD take";
      default -> null;
    };
  }

  /** The scorer before the reading rhythm: correlation times the share of words with lip motion. */
  private static double previous(Trial t) {
    LipSyncScorer.Cues c = t.evidence().cues();
    return c == null ? 0 : c.correlation() > 0 ? c.correlation() * c.movingShare() : c.correlation();
  }

  private static double[] scores(Map<Trial, Double> scored, Family... families) {
    List<Family> wanted = List.of(families);
    return scored.entrySet().stream().filter(e -> wanted.contains(e.getKey().family()))
        .mapToDouble(Map.Entry::getValue).toArray();
  }

  private static String format(double[] w) {
    StringBuilder s = new StringBuilder("[");
    for (double v : w) {
      s.append(String.format(Locale.ROOT, "%s%.2f", s.length() > 1 ? ", " : "", v));
    }
    return s.append("]").toString();
  }
}
