package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code fr_eye.onnx}: input 1x1x24x24 gray (v / 255) of one eye (square around the mean of the
 * four lid points, side 1.6x the corner-to-corner distance), output 1x2 logits; softmax class 1 =
 * open. The face's reading is its more open eye.
 */
public final class OnnxEyeStateClassifier implements EyeStateClassifier {

  static final String FILE = "fr_eye.onnx";
  private static final int SIDE = 24;
  private static final double PADDING = 1.6;

  private final OnnxModel model;

  public OnnxEyeStateClassifier(OnnxModel model) {
    this.model = model;
  }

  @Override
  public double eyesOpen(Mat bgr, float[] lm) {
    try (Mat gray = Mats.gray(bgr)) {
      // Points 36-41 are one eye (corners 36/39, lids 37,38,40,41), 42-47 the other.
      double a = openProbability(gray, lm, 36);
      double b = openProbability(gray, lm, 42);
      // Closed eyes are both closed. The model reads one eye of a squint, a smile, glasses or a hat's
      // shadow as closed: on the 190 labelled real photos, all eyes open, the worse eye read closed
      // (< 0.5) on 14, the better one on 3 (FrontSideGeometryTest).
      return Math.max(a, b);
    }
  }

  private double openProbability(Mat gray, float[] lm, int first) {
    double cx = (x(lm, first + 1) + x(lm, first + 2) + x(lm, first + 4) + x(lm, first + 5)) / 4;
    double cy = (y(lm, first + 1) + y(lm, first + 2) + y(lm, first + 4) + y(lm, first + 5)) / 4;
    double size = Math.max(2, Math.abs(x(lm, first + 3) - x(lm, first)) * PADDING);
    float[] input;
    try (Mat crop = Mats.cropPadded(gray, (int) Math.round(cx - size / 2), (int) Math.round(cy - size / 2),
            (int) Math.round(size), (int) Math.round(size));
        Mat small = Mats.resized(crop, SIDE, SIDE)) {
      input = Mats.planar(small, false, 0f, 1f / 255f);
    }
    return OnnxModel.softmax(model.runSingle(input, 1, 1, SIDE, SIDE))[1];
  }

  private static float x(float[] lm, int i) {
    return lm[2 * i];
  }

  private static float y(float[] lm, int i) {
    return lm[2 * i + 1];
  }

  @Override
  public void close() {
    model.close();
  }
}
