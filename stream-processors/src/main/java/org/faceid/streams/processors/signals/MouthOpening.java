package org.faceid.streams.processors.signals;

/**
 * How far the mouth is open in one frame, from the 68-point iBUG landmarks: the drop of the lower
 * lip below the base of the nose, in nose lengths.
 *
 * <p>Value: the mean distance from the nose base (33) to the lower lip's inner (66) and outer (57)
 * midpoints, over the nose length (bridge top 27 to nose base 33). It is not zero-based: a closed
 * mouth reads about 0.5-0.6 and a wide-open one 0.9-1.0 (GRID and HDTF speakers); only its changes
 * within one face matter to {@link LipSyncScorer}.
 *
 * <p>Why not the inner-lip gap (62-66, 61-67, 63-65): the 64x64 landmark model places the inner
 * upper lip loosely, so that gap is mostly noise on small faces (GRID: 0.01-0.04 interocular
 * distances). Measured on the GRID and HDTF clips at 12.5 fps (LipSyncMeasurement), the lower-lip
 * drop gave lip-sync AUC 0.90 against shifted/swapped/dubbed audio where the inner gap gave 0.83.
 * The nose length as the scale shrinks with head pitch like the vertical lip distance does, so
 * nodding cancels out; the interocular distance is steadier alone but does not.
 */
public final class MouthOpening {

  private static final int NOSE_TOP = 27;
  private static final int NOSE_BASE = 33;
  private static final int LOWER_LIP_OUTER = 57;
  private static final int LOWER_LIP_INNER = 66;

  private MouthOpening() {}

  /** The opening of one face's landmarks (x0,y0,x1,y1.. 136 values); NaN when degenerate. */
  public static float of(float[] landmarks68) {
    if (landmarks68 == null || landmarks68.length != 136) {
      throw new IllegalArgumentException("expected 68 landmark points (136 values)");
    }
    double nose = distance(landmarks68, NOSE_TOP, NOSE_BASE);
    if (!(nose > 0)) {
      return Float.NaN;
    }
    double drop = (distance(landmarks68, NOSE_BASE, LOWER_LIP_INNER)
        + distance(landmarks68, NOSE_BASE, LOWER_LIP_OUTER)) / 2;
    return (float) (drop / nose);
  }

  /** Distance between points {@code a} and {@code b} of a flat x0,y0,x1,y1.. landmark array. */
  static double distance(float[] lm, int a, int b) {
    return Math.hypot(lm[2 * a] - lm[2 * b], lm[2 * a + 1] - lm[2 * b + 1]);
  }
}
