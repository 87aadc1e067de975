package org.faceid.streams.processors.procedure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a clip's mouth moves with its speech (VIDEO_NOT_SYNCHRONIZED when not).
 *
 * <p>Evidence, in the order it is checked:
 * <ol>
 *   <li>A face in enough frames, and speech in the audio (the words' spans, else voice activity).
 *   <li>The mouth moves at all: a still photo or a closed mouth over speech is out of sync whatever
 *       the correlation says.
 *   <li>The mouth moves during the words: the share of words with lip motion of at least
 *       {@link #MIN_WORD_MOTION} scales the score (a mouth still while a digit is spoken).
 *   <li>The mouth follows the sound: at the best lag within {@link #LAG_MIN_MS}..{@link #LAG_MAX_MS}
 *       (mouth ahead of the sound by up to 240 ms: articulation leads the voice, HDTF peaked at
 *       +120 ms, GRID at 0), the mean of two Spearman correlations with the band envelope: of the
 *       opening itself (open on vowels, closed in pauses) and of its speed |d opening/dt| (moving
 *       at syllable onsets). Together they separated better than either (LipSyncMeasurement).
 * </ol>
 *
 * <p>The value is that correlation (-1..1) times the moving-word share, or 0 when a check before
 * it fails. Measured on real GRID/HDTF clips at 12.5 fps, see {@link #IN_SYNC_MIN}. What did not
 * help there: Pearson instead of ranks, smoothing or detrending the series, normalising by far
 * lags, and a separate speech-versus-pause motion contrast (the correlation already carries it).
 */
public final class LipSyncScorer {

  /**
   * One clip's verdict material.
   *
   * @param value higher = in sync; compare with {@link #IN_SYNC_MIN} / {@link #IN_SYNC_MIN_STRICT}
   * @param lagMs how far the mouth leads the sound at the best match (0 when not measured)
   * @param reason what decided the value, for logs and the response detail
   */
  public record Score(double value, double lagMs, String reason) {

    public boolean inSync(boolean strict) {
      return value >= (strict ? IN_SYNC_MIN_STRICT : IN_SYNC_MIN);
    }
  }

  /**
   * Default threshold. Measured by LipSyncMeasurement (12.5 fps, 28 in-sync windows of 3-6 s from 4
   * GRID and 2 HDTF speakers, 476 out-of-sync trials; AUC 0.90): in-sync pass 82% (GRID 4/4, HDTF
   * 19/24: the misses are the first 2 s of both HDTF clips), digits re-voiced onto the clips' own
   * words pass 64% (GRID 12/12, HDTF 42/72), out-of-sync accepted 16% (audio shifted 0.5-1.5 s 11%,
   * other speech 20%, unaligned digits 17%, still faces 0%). Continuous speech is the weak case:
   * 3-6 s of 12.5 fps landmarks cannot resolve syllables, only the speech/pause rhythm.
   */
  public static final double IN_SYNC_MIN = 0.25;
  /**
   * video_strict: in-sync pass 61% (GRID 4/4), re-voiced 43% (GRID 12/12), out-of-sync accepted
   * 8% (shifted 3%, other speech 10%, unaligned digits 11%).
   */
  public static final double IN_SYNC_MIN_STRICT = 0.35;

  /** Lags tried: the mouth up to 80 ms behind to 240 ms ahead of the sound (see the class comment). */
  static final int LAG_MIN_MS = -80;
  static final int LAG_MAX_MS = 240;
  static final int LAG_STEP_MS = 20;
  /** Envelope and motion are compared over this many frames at least (~0.6 s at 12.5 fps). */
  static final int MIN_PAIRS = 8;
  static final double MIN_FACE_SHARE = 0.5;
  /**
   * Robust range (90th minus 10th percentile) of the opening below which the mouth is still.
   * Measured: a still photo re-captured with tremor, noise and JPEG spans 0.008-0.022 nose lengths
   * (one open-mouthed photo more; its correlation stays low); GRID's smallest talking range is 0.06.
   */
  static final double MIN_MOUTH_RANGE = 0.035;
  /**
   * Opening range within one word's window below which the mouth did not move for it: about twice a
   * still photo's jitter; every word of every in-sync window measured moved more.
   */
  static final double MIN_WORD_MOTION = 0.04;
  /** Frame pairs further apart than this many sampling intervals give no speed. */
  private static final double MAX_GAP_INTERVALS = 2.5;

  private LipSyncScorer() {}

  /**
   * @param frameTimesMs sampled frame times, ascending
   * @param mouthOpening {@link MouthOpening} per frame, NaN where no face
   * @param envelope {@link AudioEnvelope#logBand} of the clip's audio
   * @param envelopeRateHz the envelope's values per second
   * @param speechSpansMs recognised words as [start, end] ms; empty: voice activity of the envelope
   */
  public static Score score(long[] frameTimesMs, float[] mouthOpening, float[] envelope,
      int envelopeRateHz, List<long[]> speechSpansMs) {
    if (frameTimesMs.length != mouthOpening.length) {
      throw new IllegalArgumentException("one opening per frame time expected");
    }
    double[] opening = new double[mouthOpening.length];
    int faces = 0;
    for (int i = 0; i < opening.length; i++) {
      opening[i] = mouthOpening[i];
      faces += Double.isFinite(opening[i]) ? 1 : 0;
    }
    if (faces < MIN_PAIRS || faces < MIN_FACE_SHARE * opening.length) {
      return new Score(0, 0, "face in " + faces + " of " + opening.length + " frames");
    }
    List<long[]> words = speechSpansMs.isEmpty()
        ? AudioEnvelope.speechSpans(envelope, envelopeRateHz) : speechSpansMs;
    if (words.isEmpty()) {
      return new Score(0, 0, "no speech to compare the mouth with");
    }
    double range = robustRange(opening);
    if (range < MIN_MOUTH_RANGE) {
      return new Score(0, 0, String.format(Locale.ROOT, "mouth still (opening range %.3f)", range));
    }

    double[] times = Arrays.stream(frameTimesMs).asDoubleStream().toArray();
    double interval = medianInterval(times);
    Motion motion = motion(times, opening, interval);
    Sampler audio = new Sampler(envelope, envelopeRateHz, interval / 2);
    double best = Double.NaN;
    int bestLag = 0;
    for (int lag = LAG_MIN_MS; lag <= LAG_MAX_MS; lag += LAG_STEP_MS) {
      double level = Stats.spearman(opening, audio.at(times, lag), MIN_PAIRS);
      double speed = Stats.spearman(motion.speed(), audio.at(motion.times(), lag), MIN_PAIRS);
      double both = (level + speed) / 2;
      if (Double.isFinite(both) && (Double.isNaN(best) || both > best)) {
        best = both;
        bestLag = lag;
      }
    }
    if (Double.isNaN(best)) {
      return new Score(0, 0, "too few frames with a face to compare");
    }

    int[] moving = movingWords(times, opening, words);
    double movingShare = moving[1] == 0 ? 1 : (double) moving[0] / moving[1];
    double value = best > 0 ? best * movingShare : best;
    String reason = String.format(Locale.ROOT, "mouth-audio correlation %.2f at %+d ms; mouth moved in %d of %d words",
        best, bestLag, moving[0], moving[1]);
    return new Score(value, bestLag, reason);
  }

  /** {moving, judged}: words whose mouth window holds two face frames, and of those the moving. */
  static int[] movingWords(double[] times, double[] opening, List<long[]> words) {
    int moving = 0;
    int judged = 0;
    for (long[] word : words) {
      // The mouth leads the sound by LAG_MIN..LAG_MAX, so a word's mouth window is shifted back.
      double from = word[0] - LAG_MAX_MS;
      double to = word[1] - LAG_MIN_MS;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int frames = 0;
      for (int i = 0; i < times.length; i++) {
        if (times[i] >= from && times[i] <= to && Double.isFinite(opening[i])) {
          min = Math.min(min, opening[i]);
          max = Math.max(max, opening[i]);
          frames++;
        }
      }
      if (frames >= 2) {
        judged++;
        moving += max - min >= MIN_WORD_MOTION ? 1 : 0;
      }
    }
    return new int[] {moving, judged};
  }

  static double robustRange(double[] opening) {
    double[] sorted = Stats.finiteSorted(opening);
    return Stats.quantileOfSorted(sorted, 0.9) - Stats.quantileOfSorted(sorted, 0.1);
  }

  private static double medianInterval(double[] times) {
    double[] steps = new double[Math.max(1, times.length - 1)];
    for (int i = 1; i < times.length; i++) {
      steps[i - 1] = times[i] - times[i - 1];
    }
    Arrays.sort(steps);
    return Math.max(1, Stats.quantileOfSorted(steps, 0.5));
  }

  /** |d opening/dt| per second between neighbouring face frames, at their midpoints. */
  record Motion(double[] times, double[] speed) {}

  static Motion motion(double[] times, double[] opening, double interval) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 1; i < times.length; i++) {
      double dt = times[i] - times[i - 1];
      if (Double.isFinite(opening[i]) && Double.isFinite(opening[i - 1]) && dt > 0
          && dt <= MAX_GAP_INTERVALS * interval) {
        pairs.add(new double[] {(times[i] + times[i - 1]) / 2,
            Math.abs(opening[i] - opening[i - 1]) * 1000 / dt});
      }
    }
    return new Motion(pairs.stream().mapToDouble(p -> p[0]).toArray(),
        pairs.stream().mapToDouble(p -> p[1]).toArray());
  }

  /** The envelope averaged over one frame interval around given times, shifted by a lag. */
  static final class Sampler {
    private final float[] envelope;
    private final double msPerValue;
    private final double halfWidthMs;

    Sampler(float[] envelope, int rateHz, double halfWidthMs) {
      this.envelope = envelope;
      this.msPerValue = 1000.0 / rateHz;
      this.halfWidthMs = Math.max(halfWidthMs, msPerValue / 2);
    }

    /** Value k covers [k, k+1) values' time; NaN where the window lies outside the audio. */
    double[] at(double[] times, double lagMs) {
      double[] out = new double[times.length];
      for (int i = 0; i < times.length; i++) {
        int from = Math.max(0, (int) Math.floor((times[i] + lagMs - halfWidthMs) / msPerValue));
        int to = Math.min(envelope.length, (int) Math.ceil((times[i] + lagMs + halfWidthMs) / msPerValue));
        double sum = 0;
        for (int k = from; k < to; k++) {
          sum += envelope[k];
        }
        out[i] = to > from ? sum / (to - from) : Double.NaN;
      }
      return out;
    }
  }
}
