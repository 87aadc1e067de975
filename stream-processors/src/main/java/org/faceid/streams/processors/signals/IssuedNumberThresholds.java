package org.faceid.streams.processors.signals;

/**
 * When the audio counts as a reading of the issued number ({@code speech.Verification} measures it; compare applies these at verify); calibrated
 * leave-one-speaker-out on real readings by {@code IssuedNumberMeasurement} (test scope), see
 * MODELS.md.
 */
public final class IssuedNumberThresholds {

  /**
   * Support (log-likelihood ratio per frame and model) needed: at most 15% of one-digit-off and 1%
   * of two-or-more-off numbers pass on all 575 calibration readings (the 2-or-more bound decides).
   */
  public static final double SUPPORT_MIN = 0.084;
  /** For video_strict: at most 5% of one-digit-off and 0.2% of two-or-more-off numbers pass. */
  public static final double SUPPORT_MIN_STRICT = 1.408;
  /**
   * Share of the speech that must lie inside the aligned digits (1st percentile of genuine
   * readings): turns away other words read around the digits.
   */
  public static final double SPEECH_IN_DIGITS_MIN = 0.28;

  /**
   * Moonshine's transcript support ({@code speech.MoonshineScorer#support}, log-probability) needed where the
   * model is installed: at most 15% of one-digit-off and 1% of two-or-more-off numbers pass on all
   * 467 calibration readings (IssuedNumberMeasurement 16 2 moonshine; MODELS.md). On the first 251
   * readings (8 numbers a speaker) the same rule gave -4.517.
   */
  public static final double TRANSCRIPT_SUPPORT_MIN = -4.897;
  /** For video_strict: at most 5% of one-digit-off and 0.2% of two-or-more-off numbers pass. */
  public static final double TRANSCRIPT_SUPPORT_MIN_STRICT = -2.608;

  private IssuedNumberThresholds() {}

  /** Whether Moonshine's {@code transcriptSupport} shows the issued number read. */
  public static boolean transcriptSupported(double transcriptSupport, boolean strict) {
    return transcriptSupport >= (strict ? TRANSCRIPT_SUPPORT_MIN_STRICT : TRANSCRIPT_SUPPORT_MIN);
  }

  /** Whether {@code support} and {@code speechInDigits} show the issued number read, at the normal or strict threshold. */
  public static boolean supported(double support, double speechInDigits, boolean strict) {
    return support >= (strict ? SUPPORT_MIN_STRICT : SUPPORT_MIN) && speechInDigits >= SPEECH_IN_DIGITS_MIN;
  }
}
