package org.faceid.streams.processors.procedure;

/** Provisional: replaced by the measured version. Inner-lip gap over the eye-to-mouth distance. */
public final class MouthOpening {

  private MouthOpening() {}

  public static float of(float[] lm) {
    double gap = (dist(lm, 61, 67) + dist(lm, 62, 66) + dist(lm, 63, 65)) / 3;
    double eyeX = (lm[36 * 2] + lm[45 * 2]) / 2;
    double eyeY = (lm[36 * 2 + 1] + lm[45 * 2 + 1]) / 2;
    double scale = Math.hypot((lm[48 * 2] + lm[54 * 2]) / 2 - eyeX, (lm[48 * 2 + 1] + lm[54 * 2 + 1]) / 2 - eyeY);
    return (float) (gap / Math.max(1e-6, scale));
  }

  private static double dist(float[] lm, int a, int b) {
    return Math.hypot(lm[a * 2] - lm[b * 2], lm[a * 2 + 1] - lm[b * 2 + 1]);
  }
}
