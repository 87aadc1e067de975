package org.faceid.streams.processors.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.faceid.streams.processors.speech.IssuedNumberTrials.Recording;
import org.faceid.streams.processors.speech.IssuedNumberTrials.Score;
import org.faceid.streams.processors.speech.IssuedNumberTrials.Thresholds;
import org.faceid.streams.processors.speech.IssuedNumberTrials.Trial;

/**
 * Leave-one-speaker-out measurement of the issued-number check ({@link SpokenNumber}): for each
 * speaker left out, thresholds are calibrated on the other speakers' trials and the left-out
 * speaker's acceptance rates reported per reading condition. From the repository root, with
 * FACEID_TESTDATA set and the speech packages installed:
 * <pre>
 * ./mvnw -o -q -pl stream-processors dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * ./mvnw -o -q -pl stream-processors -am test-compile
 * nice $JAVA_21_OR_NEWER/bin/java -Xss4m -cp stream-processors/target/test-classes:stream-processors/target/classes:$(cat /tmp/cp.txt) \
 *   org.faceid.streams.processors.speech.IssuedNumberMeasurement [numbers per FSDD speaker, 20] [threads, 2] 2>/dev/null
 * </pre>
 * About 15 minutes on two cores with the defaults.
 */
public final class IssuedNumberMeasurement {

  /** Calibration targets: share of impostors a threshold may let through. */
  static final double ONE_OFF_RATE = 0.15;
  static final double TWO_OFF_RATE = 0.01;
  /**
   * Moonshine's two-or-more-off rate: half the 1%, so unseen speakers keep under it (held
   * out, one threshold calibrated at 1% had let 1.9% of nicolas's through).
   */
  static final double TWO_OFF_RATE_MOONSHINE = 0.005;
  /** The free-text cut starts this far above the best recording without digits, in steps of {@link #FREE_TEXT_STEP}. */
  static final double FREE_TEXT_MARGIN = 3;
  static final double FREE_TEXT_STEP = 0.25;
  static final double FREE_TEXT_MAX = 10;
  static final double ONE_OFF_RATE_STRICT = 0.05;
  static final double TWO_OFF_RATE_STRICT = 0.002;
  /** Share of genuine readings the speech-in-digits guard may turn away. */
  static final double SPEECH_IN_DIGITS_REJECTS = 0.01;

  private IssuedNumberMeasurement() {}

  public static void main(String[] args) throws Exception {
    int numbers = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    long start = System.nanoTime();
    String engine = args.length > 2 ? args[2] : "pocketsphinx";
    List<Trial> trials;
    Map<String, List<Score>> withoutDigits;
    try (PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(threads);
        MoonshineScorer moonshine = engine.equals("moonshine") ? MoonshineScorer.load(org.faceid.streams.processors.TestProcessorsConfig.modelDir()) : null) {
      IssuedNumberTrials.Listener listener = moonshine != null ? IssuedNumberTrials.moonshine(moonshine)
          : IssuedNumberTrials.pocketSphinx(recognizer);
      System.out.println("engine: " + (moonshine != null ? "moonshine" : "pocketsphinx"));
      trials = trials(listener, numbers, threads);
      withoutDigits = withoutDigits(listener);
      printTimePerVerification(listener);
    }
    dump(System.getProperty("speech.dump"), trials, withoutDigits);
    System.out.printf("%d readings, %d scores in %.0f s%n%n", trials.size(),
        trials.size() * (1 + IssuedNumberTrials.ONE_OFF_PER_READING + IssuedNumberTrials.TWO_OFF_PER_READING),
        (System.nanoTime() - start) / 1e9);
    // Moonshine's free-text cut may not come within FREE_TEXT_MARGIN of speech and sounds without digits.
    double freeTextFloor = withoutDigits.values().stream().flatMap(List::stream).mapToDouble(Score::overFreeText)
        .filter(Double::isFinite).max().orElse(Double.NEGATIVE_INFINITY) + FREE_TEXT_MARGIN;
    double twoOffRate = engine.equals("moonshine") ? TWO_OFF_RATE_MOONSHINE : TWO_OFF_RATE;
    List<String> speakers = trials.stream().map(Trial::speaker).distinct().toList();
    System.out.printf("%-13s %-11s %4s | baseline: %8s %8s %8s | %8s %8s %8s | strict: %8s %8s %8s%n",
        "left out", "condition", "n", "genuine", "1 off", ">=2 off", "genuine", "1 off", ">=2 off", "genuine", "1 off", ">=2 off");
    for (String leftOut : speakers) {
      List<Trial> calibration = trials.stream().filter(t -> !t.speaker().equals(leftOut)).toList();
      Thresholds normal = calibrate(calibration, ONE_OFF_RATE, twoOffRate, freeTextFloor);
      Thresholds strict = calibrate(calibration, ONE_OFF_RATE_STRICT, TWO_OFF_RATE_STRICT, freeTextFloor);
      List<Trial> own = trials.stream().filter(t -> t.speaker().equals(leftOut)).toList();
      for (ReadingCondition condition : ReadingCondition.values()) {
        List<Trial> rows = own.stream().filter(t -> t.condition() == condition).toList();
        if (!rows.isEmpty()) {
          printRow(leftOut, condition.name().toLowerCase(), rows, normal, strict);
        }
      }
      printRow(leftOut, "all", own, normal, strict);
      System.out.printf("%-13s thresholds from the others: %s; strict: %s%n%n", leftOut, normal, strict);
    }
    Thresholds pooled = calibrate(trials, ONE_OFF_RATE, twoOffRate, freeTextFloor);
    Thresholds pooledStrict = calibrate(trials, ONE_OFF_RATE_STRICT, TWO_OFF_RATE_STRICT, freeTextFloor);
    System.out.printf("all speakers: %s; strict: %s (free-text cuts from %.2f)%n", pooled, pooledStrict, freeTextFloor);
    printRow("all", "all", trials, pooled, pooledStrict);
    System.out.printf("%nwithout digits, at the all-speaker thresholds (accepted of issued numbers tried):%n");
    withoutDigits.forEach((name, scores) -> System.out.printf(
        "  %-24s %d/%d, baseline %d  (support max %.2f, free-text margin max %.2f, speech in digits max %.2f)%n",
        name, scores.stream().filter(s -> s.accepted(pooled)).count(), scores.size(),
        scores.stream().filter(Score::heardIssued).count(),
        scores.stream().mapToDouble(Score::support).max().orElse(Double.NaN),
        scores.stream().mapToDouble(Score::overFreeText).max().orElse(Double.NaN),
        scores.stream().mapToDouble(Score::speechInDigits).max().orElse(Double.NaN)));
    System.out.printf("%ngenuine support quantiles 1/5/50%%: %s; 1 off 50/85/95%%: %s; >=2 off 50/99/99.8%%: %s%n",
        quantiles(trials, t -> Stream.of(t.genuine()), 0.01, 0.05, 0.5),
        quantiles(trials, t -> t.oneOff().stream(), 0.5, 0.85, 0.95),
        quantiles(trials, t -> t.twoOff().stream(), 0.5, 0.99, 0.998));
  }

  /** Every score with its margins and speech-in-digits share, one line each, for analysis outside (when {@code file} is set). */
  private static void dump(String file, List<Trial> trials, Map<String, List<Score>> withoutDigits) throws IOException {
    if (file == null) {
      return;
    }
    StringBuilder out = new StringBuilder("speaker\tcondition\tnumber\tkind\tsupport\tover_free_text\tspeech_in_digits\n");
    BiConsumer<String, Score> line = (prefix, s) -> out.append(prefix).append('\t')
        .append(s.support()).append('\t').append(s.overFreeText()).append('\t').append(s.speechInDigits()).append('\n');
    for (Trial t : trials) {
      String prefix = t.speaker() + "\t" + t.condition().name().toLowerCase() + "\t" + t.number();
      line.accept(prefix + "\tgenuine", t.genuine());
      t.oneOff().forEach(s -> line.accept(prefix + "\tone_off", s));
      t.twoOff().forEach(s -> line.accept(prefix + "\ttwo_off", s));
    }
    withoutDigits.forEach((name, scores) -> scores.forEach(s -> line.accept(name.replace(' ', '_') + "\tnone\t-\tno_digits", s)));
    Files.writeString(Path.of(file), out);
  }

  /** FSDD speakers (composed readings, every condition) and the other real recordings (no pace conditions). */
  static List<Trial> trials(IssuedNumberTrials.Listener recognizer, int numbers, int threads) throws Exception {
    List<java.util.concurrent.Callable<List<Trial>>> tasks = new ArrayList<>();
    for (String speaker : SpokenDigits.SPEAKERS) {
      for (int n = 0; n < numbers; n++) {
        long seed = speaker.hashCode() * 1000L + n;
        tasks.add(() -> fsddTrials(recognizer, speaker, seed));
      }
    }
    for (Recording recording : IssuedNumberTrials.recordings()) {
      tasks.add(() -> recordingTrials(recognizer, recording));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Trial> out = new ArrayList<>();
      for (Future<List<Trial>> future : pool.invokeAll(tasks)) {
        out.addAll(future.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Trial> fsddTrials(IssuedNumberTrials.Listener recognizer, String speaker, long seed) {
    Random choice = new Random(seed);
    StringBuilder number = new StringBuilder();
    int[] takes = new int[4];
    for (int i = 0; i < takes.length; i++) {
      number.append(choice.nextInt(10));
      takes[i] = choice.nextInt(SpokenDigits.ALL_TAKES);
    }
    List<Trial> out = new ArrayList<>();
    for (ReadingCondition condition : ReadingCondition.values()) {
      Random random = new Random(seed);
      short[] pcm = IssuedNumberTrials.fsddReading(speaker, number.toString(), takes, condition, random).pcm();
      out.add(IssuedNumberTrials.trial(recognizer, speaker, condition, number.toString(), condition.apply(pcm, random), random));
    }
    return out;
  }

  private static List<Trial> recordingTrials(IssuedNumberTrials.Listener recognizer, Recording recording) {
    List<Trial> out = new ArrayList<>();
    for (ReadingCondition condition : ReadingCondition.values()) {
      if (!condition.pace()) {
        Random random = new Random(recording.digits().hashCode());
        out.add(IssuedNumberTrials.trial(recognizer, recording.speaker(), condition, recording.digits(),
            condition.apply(recording.pcm16k(), random), random));
      }
    }
    return out;
  }

  /**
   * Milliseconds per verification of one clean 4-digit FSDD reading, as the speech stage runs it
   * (one utterance, one issued number, one thread), after a warm-up; on a loaded machine these grow.
   */
  private static void printTimePerVerification(IssuedNumberTrials.Listener recognizer) {
    List<Double> ms = new ArrayList<>();
    for (String speaker : SpokenDigits.SPEAKERS) {
      for (int n = 0; n < 6; n++) {
        Random random = new Random(n);
        String number = String.format("%04d", random.nextInt(10000));
        int[] takes = {random.nextInt(SpokenDigits.ALL_TAKES), random.nextInt(SpokenDigits.ALL_TAKES),
            random.nextInt(SpokenDigits.ALL_TAKES), random.nextInt(SpokenDigits.ALL_TAKES)};
        short[] pcm = IssuedNumberTrials.fsddReading(speaker, number, takes, ReadingCondition.CLEAN, random).pcm();
        long start = System.nanoTime();
        recognizer.listen(pcm).score(number);
        if (n > 0) {
          ms.add((System.nanoTime() - start) / 1e6);
        }
      }
    }
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("time per verification (4 digits, clean, one thread): median %.0f ms, max %.0f ms over %d%n",
        sorted[sorted.length / 2], sorted[sorted.length - 1], sorted.length);
  }

  /** Each recording without digits against three random 4-digit numbers. */
  private static Map<String, List<Score>> withoutDigits(IssuedNumberTrials.Listener recognizer) {
    Map<String, List<Score>> out = new java.util.LinkedHashMap<>();
    Random random = new Random(3);
    IssuedNumberTrials.withoutDigits().forEach((name, pcm) -> {
      IssuedNumberTrials.Hearing hearing = recognizer.listen(pcm);
      List<Score> scores = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        scores.add(hearing.score(String.format("%04d", random.nextInt(10000))));
      }
      out.put(name, scores);
    });
    return out;
  }

  /**
   * The thresholds: for each free-text cut from {@code freeTextFloor} up (PocketSphinx, which has no
   * such margin: none), the lowest support threshold that lets through at most the given shares of
   * all one-digit-off and two-or-more-off impostors; of these pairs the one that accepts the most
   * genuine readings (the lowest cut on ties). And the speech-in-digits guard that keeps all but 1%
   * of genuine readings.
   */
  static Thresholds calibrate(List<Trial> trials, double oneOffRate, double twoOffRate, double freeTextFloor) {
    List<Score> oneOff = trials.stream().flatMap(t -> t.oneOff().stream()).toList();
    List<Score> twoOff = trials.stream().flatMap(t -> t.twoOff().stream()).toList();
    List<Score> genuine = trials.stream().map(Trial::genuine).toList();
    List<Double> freeTextCuts = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY));
    if (genuine.stream().anyMatch(s -> Double.isFinite(s.overFreeText()))) {
      freeTextCuts.clear();
      for (double cut = freeTextFloor; cut <= FREE_TEXT_MAX; cut += FREE_TEXT_STEP) {
        freeTextCuts.add(cut);
      }
    }
    double bestSupport = Double.NaN;
    double bestCut = Double.NEGATIVE_INFINITY;
    long bestAccepted = -1;
    for (double freeTextCut : freeTextCuts) {
      double support = Math.max(supportCut(oneOff, freeTextCut, oneOffRate), supportCut(twoOff, freeTextCut, twoOffRate));
      long accepted = genuine.stream().filter(s -> s.support() >= support && s.overFreeText() >= freeTextCut).count();
      if (accepted > bestAccepted) {
        bestAccepted = accepted;
        bestSupport = support;
        bestCut = freeTextCut;
      }
    }
    // Over readings the recogniser heard speech in: the others are rejected whatever the guard.
    double[] inDigits = trials.stream().map(Trial::genuine).filter(s -> s.support() > Verification.NO_SUPPORT)
        .mapToDouble(Score::speechInDigits).sorted().toArray();
    return new Thresholds(bestSupport, inDigits[(int) Math.floor(SPEECH_IN_DIGITS_REJECTS * (inDigits.length - 1))], bestCut);
  }

  /** The lowest support threshold that lets through at most {@code rate} of all {@code impostors}, of which those under the free-text cut are out already. */
  private static double supportCut(List<Score> impostors, double freeTextCut, double rate) {
    double[] past = impostors.stream().filter(s -> s.overFreeText() >= freeTextCut).mapToDouble(Score::support).sorted().toArray();
    int allowed = (int) Math.floor(rate * impostors.size());
    return allowed >= past.length ? Double.NEGATIVE_INFINITY : Math.nextUp(past[past.length - 1 - allowed]);
  }

  private static void printRow(String speaker, String condition, List<Trial> rows, Thresholds normal, Thresholds strict) {
    System.out.printf("%-13s %-11s %4d | baseline: %8s %8s %8s | %8s %8s %8s | strict: %8s %8s %8s%n", speaker, condition,
        rows.size(), rate(rows, t -> Stream.of(t.genuine()), Score::heardIssued),
        rate(rows, t -> t.oneOff().stream(), Score::heardIssued), rate(rows, t -> t.twoOff().stream(), Score::heardIssued),
        rate(rows, t -> Stream.of(t.genuine()), normal), rate(rows, t -> t.oneOff().stream(), normal),
        rate(rows, t -> t.twoOff().stream(), normal),
        rate(rows, t -> Stream.of(t.genuine()), strict), rate(rows, t -> t.oneOff().stream(), strict),
        rate(rows, t -> t.twoOff().stream(), strict));
  }

  private static String rate(List<Trial> rows, Function<Trial, Stream<Score>> scores, Thresholds thresholds) {
    return rate(rows, scores, s -> s.accepted(thresholds));
  }

  private static String rate(List<Trial> rows, Function<Trial, Stream<Score>> scores, Predicate<Score> accepted) {
    List<Score> all = rows.stream().flatMap(scores).toList();
    return String.format("%.1f%%", 100.0 * all.stream().filter(accepted).count() / Math.max(1, all.size()));
  }

  private static String quantiles(List<Trial> trials, Function<Trial, Stream<Score>> scores, double... qs) {
    double[] sorted = trials.stream().flatMap(scores).mapToDouble(Score::support).sorted().toArray();
    List<String> out = new ArrayList<>();
    for (double q : qs) {
      out.add(String.format("%.2f", sorted[(int) Math.floor(q * (sorted.length - 1))]));
    }
    return String.join(" / ", out);
  }
}
