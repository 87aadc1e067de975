package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Aligns a face to the standard ArcFace 112x112 template with the least-squares similarity
 * transform (rotation, uniform scale, translation; Umeyama without reflection) of five points.
 * The package's own three-point affine shears the face and measured far worse.
 */
public final class FaceAligner {

  public static final int SIZE = 112;

  /** ArcFace reference: eye centres, nose tip, mouth corners, in 112x112 pixels. */
  static final double[] REFERENCE = {
    38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041
  };

  private FaceAligner() {}

  /**
   * Five points (x0,y0..x4,y4) from the 68: each eye's centre as the mean of its four lid points,
   * the nose tip (30), and each mouth corner as the mean of outer (48/54) and inner (60/64) corners.
   * The first eye is the one on the image's left, matching the template.
   */
  public static float[] points5(float[] lm) {
    float[] p = new float[10];
    p[0] = avg(lm, 0, 37, 38, 40, 41);
    p[1] = avg(lm, 1, 37, 38, 40, 41);
    p[2] = avg(lm, 0, 43, 44, 46, 47);
    p[3] = avg(lm, 1, 43, 44, 46, 47);
    p[4] = lm[2 * 30];
    p[5] = lm[2 * 30 + 1];
    p[6] = avg(lm, 0, 48, 60);
    p[7] = avg(lm, 1, 48, 60);
    p[8] = avg(lm, 0, 54, 64);
    p[9] = avg(lm, 1, 54, 64);
    return p;
  }

  private static float avg(float[] lm, int axis, int... idx) {
    float s = 0;
    for (int i : idx) {
      s += lm[2 * i + axis];
    }
    return s / idx.length;
  }

  /**
   * The 2x3 similarity matrix [a -b tx; b a ty] mapping {@code src} points onto {@code dst} in the
   * least-squares sense (closed form of Umeyama's method in 2-D).
   */
  public static double[] similarity(float[] src, double[] dst) {
    int n = src.length / 2;
    double sx = 0, sy = 0, dx = 0, dy = 0;
    for (int i = 0; i < n; i++) {
      sx += src[2 * i];
      sy += src[2 * i + 1];
      dx += dst[2 * i];
      dy += dst[2 * i + 1];
    }
    sx /= n;
    sy /= n;
    dx /= n;
    dy /= n;
    double num1 = 0, num2 = 0, den = 0;
    for (int i = 0; i < n; i++) {
      double px = src[2 * i] - sx;
      double py = src[2 * i + 1] - sy;
      double qx = dst[2 * i] - dx;
      double qy = dst[2 * i + 1] - dy;
      num1 += px * qx + py * qy;
      num2 += px * qy - py * qx;
      den += px * px + py * py;
    }
    double a = den > 0 ? num1 / den : 1;
    double b = den > 0 ? num2 / den : 0;
    double tx = dx - (a * sx - b * sy);
    double ty = dy - (b * sx + a * sy);
    return new double[] {a, -b, tx, b, a, ty};
  }

  /** The 112x112 aligned face (same channel layout as {@code bgr}). */
  public static Mat align(Mat bgr, float[] points5) {
    double[] m = similarity(points5, REFERENCE);
    try (Mat affine = new Mat(2, 3, CV_64F); Size size = new Size(SIZE, SIZE); Scalar black = Scalar.all(0)) {
      try (DoubleIndexer idx = affine.createIndexer()) {
        for (int i = 0; i < 6; i++) {
          idx.put(i / 3, i % 3, m[i]);
        }
      }
      return Mats.made(out -> warpAffine(bgr, out, affine, size, INTER_LINEAR, BORDER_CONSTANT, black));
    }
  }
}
