package org.faceid.streams.processors.signals;

/**
 * When the audio counts as a reading of the issued number ({@code speech.Verification} measures it; compare applies these at verify); calibrated
 * leave-one-speaker-out on real readings by {@code IssuedNumberMeasurement} (test scope), see
 * MODELS.md.
 */
public final class IssuedNumberThresholds {

  /**
   * PocketSphinx's support (log-likelihood ratio per frame and model) needed where Moonshine is not
   * installed: at most 15% of one-digit-off and 1% of two-or-more-off numbers pass on all 575
   * calibration readings (the 2-or-more bound decides). Refitted 2026-12-03 once the decoders stopped
   * carrying history from one utterance to the next (0.084 / 1.408 before).
   */
  public static final double SUPPORT_MIN = -0.067;
  /** For video_strict: at most 5% of one-digit-off and 0.2% of two-or-more-off numbers pass. */
  public static final double SUPPORT_MIN_STRICT = 1.635;
  /**
   * Share of the speech that must lie inside the aligned digits (1st percentile of genuine
   * readings): turns away other words read around the digits.
   */
  public static final double SPEECH_IN_DIGITS_MIN = 0.28;

  /**
   * Where Moonshine is installed, two margins decide (log-probabilities, {@code speech.MoonshineScorer.Judgement}):
   * the issued number over its best one-digit neighbour, and over the model's free transcription.
   * They are held apart because they fail differently. A wrong number loses to a neighbour nearer
   * the truth. Speech without digits loses to its own transcription by 17.8 or more. But an accented
   * genuine reading often loses to free text that is not a number at all ("I see high high" for 5355)
   * while it still beats every neighbour. One threshold on the smaller margin (until 2026-12-03,
   * {@link #TRANSCRIPT_SUPPORT_MIN}) had to keep both kinds of impostor out with the same cut.
   *
   * <p>Fitted on all 467 calibration readings (IssuedNumberMeasurement 16 2 moonshine; MODELS.md): the
   * free-text cut that accepts the most genuine readings, from 3 above the best recording without
   * digits upward, with the neighbour cut that lets through at most 15% of one-digit-off and 0.5% of
   * two-or-more-off numbers (half the 1% target: held out, the one-threshold rule calibrated at 1%
   * had let 1.9% through for nicolas).
   */
  public static final double TRANSCRIPT_OVER_NEIGHBOURS_MIN = -2.835;
  /** The free-text cut fitted with {@link #TRANSCRIPT_OVER_NEIGHBOURS_MIN}; it is below it, so the smaller margin can stand for it. */
  public static final double TRANSCRIPT_OVER_FREE_TEXT_MIN = -10.495;
  /** For video_strict: at most 5% of one-digit-off and 0.2% of two-or-more-off numbers pass. */
  public static final double TRANSCRIPT_OVER_NEIGHBOURS_MIN_STRICT = -2.567;
  public static final double TRANSCRIPT_OVER_FREE_TEXT_MIN_STRICT = -6.495;
  /**
   * The one-threshold rule, for evidence written before the neighbour margin was kept apart: at
   * most 15% of one-digit-off and 1% of two-or-more-off numbers pass on the same readings.
   */
  public static final double TRANSCRIPT_SUPPORT_MIN = -4.897;
  /** For video_strict: at most 5% of one-digit-off and 0.2% of two-or-more-off numbers pass. */
  public static final double TRANSCRIPT_SUPPORT_MIN_STRICT = -2.608;

  private IssuedNumberThresholds() {}

  /**
   * Whether Moonshine's margins show the issued number read. {@code transcriptSupport} is the smaller
   * of the two margins; since the neighbour cut is above the free-text cut, a reading passes when
   * its neighbour margin clears the one and the smaller margin the other. {@code overNeighbours}
   * null: evidence from before it was kept, judged by the one-threshold rule.
   */
  public static boolean transcriptSupported(double transcriptSupport, Double overNeighbours, boolean strict) {
    if (overNeighbours == null) {
      return transcriptSupport >= (strict ? TRANSCRIPT_SUPPORT_MIN_STRICT : TRANSCRIPT_SUPPORT_MIN);
    }
    return overNeighbours >= (strict ? TRANSCRIPT_OVER_NEIGHBOURS_MIN_STRICT : TRANSCRIPT_OVER_NEIGHBOURS_MIN)
        && transcriptSupport >= (strict ? TRANSCRIPT_OVER_FREE_TEXT_MIN_STRICT : TRANSCRIPT_OVER_FREE_TEXT_MIN);
  }

  /** Whether {@code support} and {@code speechInDigits} show the issued number read, at the normal or strict threshold. */
  public static boolean supported(double support, double speechInDigits, boolean strict) {
    return support >= (strict ? SUPPORT_MIN_STRICT : SUPPORT_MIN) && speechInDigits >= SPEECH_IN_DIGITS_MIN;
  }
}
