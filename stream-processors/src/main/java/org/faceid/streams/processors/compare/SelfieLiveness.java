package org.faceid.streams.processors.compare;

import java.util.Objects;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.OnnxSpoofDetector;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Liveness;

/**
 * The liveness verdict of a two-selfie flow (seed 002): first the procedure (metadata, then identity
 * of front and side), then, only if it passed, the anti-spoof judgement of both selfies.
 */
final class SelfieLiveness {

  static final String PASSED = "PASSED";
  static final String SELFIE_METADATA_INCONSISTENT = "SELFIE_METADATA_INCONSISTENT";
  static final String SELFIE_INCONSISTENT = "SELFIE_INCONSISTENT";
  static final String SCREEN_REPLAY = "SCREEN_REPLAY";
  static final String NO_METADATA_CHECK = "selfie_no_metadata_check";

  private final MatchThresholds thresholds;

  SelfieLiveness(MatchThresholds thresholds) {
    this.thresholds = thresholds;
  }

  Liveness judge(FaceEvidence front, FaceEvidence side, String preferences) {
    String procedure = procedure(front, side, preferences);
    Liveness.Builder liveness = Liveness.newBuilder().setProcedureValidation(procedure);
    if (procedure.equals(PASSED)) {
      // Print and screen recaptures are both re-photographed faces, which the vendor calls
      // SCREEN_REPLAY; the model has no mask or synthetic-face class, so MASK and FACEGEN are never
      // answered (MODELS.md).
      boolean live = Math.min(front.getLiveScore(), side.getLiveScore()) >= OnnxSpoofDetector.LIVE_THRESHOLD;
      liveness.setFaceGenuineness(live ? PASSED : SCREEN_REPLAY);
    }
    return liveness.build();
  }

  private String procedure(FaceEvidence front, FaceEvidence side, String preferences) {
    if (!NO_METADATA_CHECK.equals(preferences) && !sameCamera(front, side)) {
      return SELFIE_METADATA_INCONSISTENT;
    }
    // Front and side views of one person score lower than two frontal photos, so the looser
    // 1e-2 threshold: the question is "the same person within one session", not identification.
    double similarity = FaceEngine.similarity(Embeddings.fromBytes(front.getEmbedding()),
        Embeddings.fromBytes(side.getEmbedding()));
    return similarity >= thresholds.far1e2() ? PASSED : SELFIE_INCONSISTENT;
  }

  /** Both JPEG, from the same camera as far as EXIF tells (absent fields must be absent on both). */
  static boolean sameCamera(FaceEvidence front, FaceEvidence side) {
    return "jpeg".equals(front.getFormat()) && "jpeg".equals(side.getFormat())
        && Objects.equals(front.getExifMake(), side.getExifMake())
        && Objects.equals(front.getExifModel(), side.getExifModel());
  }
}
