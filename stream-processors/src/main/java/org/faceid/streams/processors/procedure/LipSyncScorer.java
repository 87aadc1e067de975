package org.faceid.streams.processors.procedure;

import java.util.List;

/** Provisional stub: replaced by the measured scorer. */
public final class LipSyncScorer {
  public static final double IN_SYNC_MIN = 0.2;
  public static final double IN_SYNC_MIN_STRICT = 0.3;

  public record Score(double value, double lagMs, String reason) {}

  private LipSyncScorer() {}

  public static Score score(long[] frameTimesMs, float[] mouthOpening, float[] envelope, int envelopeRateHz,
      List<long[]> speechSpansMs) {
    return new Score(0, 0, "stub");
  }
}
