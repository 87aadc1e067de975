package org.faceid.streams.processors.compare;

import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.OnnxSpoofDetector;
import org.faceid.streams.processors.signals.LipSyncScorer;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.schema.Liveness;
import org.faceid.streams.schema.VideoEvidence;
import org.faceid.streams.schema.VideoFlow;

/**
 * The liveness verdict of a video or still flow (seed 002), judged at verify from the measurements
 * the token carries, so {@code video_strict} can tighten the same evidence: first the procedure
 * (VIDEO_SR_ERROR, VIDEO_NOT_SYNCHRONIZED, VIDEO_FACE_INCONSISTENT in the vendor's order; a still
 * clip has only the last), then, only if it passed, the anti-spoof judgement over the clip's frames.
 *
 * <p>The procedure verdict belongs to the procedure stage, but is evaluated here, in the compare
 * stage: the procedure stage only leaves its evidence on the token (sync score, speech support),
 * and the strictness that decides the thresholds arrives with verify.
 */
final class VideoLiveness {

  static final String VIDEO_SR_ERROR = "VIDEO_SR_ERROR";
  static final String VIDEO_NOT_SYNCHRONIZED = "VIDEO_NOT_SYNCHRONIZED";
  static final String VIDEO_FACE_INCONSISTENT = "VIDEO_FACE_INCONSISTENT";
  static final String VIDEO_STRICT = "video_strict";
  /**
   * Live probability a strict flow needs (video_strict, still_strict): the median over the clip's
   * sampled frames, which is steadier than one photo's score, so a higher bar costs real users little.
   */
  static final double STRICT_LIVE_THRESHOLD = 0.7;

  private final MatchThresholds thresholds;

  VideoLiveness(MatchThresholds thresholds) {
    this.thresholds = thresholds;
  }

  Liveness judge(VideoEvidence evidence, String preferences) {
    boolean strict = evidence.getFlow() == VideoFlow.VALIDATE_VIDEO
        ? VIDEO_STRICT.equals(preferences) : evidence.getStillStrict();
    String procedure = procedure(evidence, strict);
    Liveness.Builder liveness = Liveness.newBuilder().setProcedureValidation(procedure);
    if (procedure.equals(SelfieLiveness.PASSED)) {
      double needed = strict ? STRICT_LIVE_THRESHOLD : OnnxSpoofDetector.LIVE_THRESHOLD;
      liveness.setFaceGenuineness(evidence.getLiveScore() >= needed ? SelfieLiveness.PASSED : SelfieLiveness.SCREEN_REPLAY);
    }
    return liveness.build();
  }

  private String procedure(VideoEvidence evidence, boolean strict) {
    if (evidence.getFlow() == VideoFlow.VALIDATE_VIDEO) {
      if (!issuedNumberSpoken(evidence, strict)) {
        return VIDEO_SR_ERROR;
      }
      if (evidence.getSyncScore() == null || !LipSyncScorer.inSync(evidence.getSyncScore(), strict)) {
        return VIDEO_NOT_SYNCHRONIZED;
      }
    }
    // One person throughout: frames of one face score far above the 1e-2 threshold even when the head
    // turns or the light changes; strict asks for the 1e-3 identification threshold.
    double needed = strict ? thresholds.far1e3() : thresholds.far1e2();
    return evidence.getIdentityMinSimilarity() >= needed ? SelfieLiveness.PASSED : VIDEO_FACE_INCONSISTENT;
  }

  /**
   * Whether the audio supports the issued number better than any other by the calibrated margin
   * (stricter for video_strict): Moonshine's transcript support where the model ran, else
   * PocketSphinx's support. Evidence without either (an engine that cannot score readings, or a
   * token issued before the scores existed) falls back to comparing the digits heard.
   */
  static boolean issuedNumberSpoken(VideoEvidence evidence, boolean strict) {
    if (evidence.getTranscriptSupport() != null) {
      Float overNeighbours = evidence.getTranscriptOverNeighbours();
      return IssuedNumberThresholds.transcriptSupported(evidence.getTranscriptSupport(),
          overNeighbours == null ? null : overNeighbours.doubleValue(), strict);
    }
    if (evidence.getIssuedSupport() == null) {
      return evidence.getSpokenDigits() != null && evidence.getSpokenDigits().equals(evidence.getExpectedDigits());
    }
    float inDigits = evidence.getSpeechInDigits() == null ? 0 : evidence.getSpeechInDigits();
    return IssuedNumberThresholds.supported(evidence.getIssuedSupport(), inDigits, strict);
  }
}
