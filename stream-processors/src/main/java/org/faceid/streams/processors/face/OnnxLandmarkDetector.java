package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code fr_landmark.onnx}: input 1x1x64x64 gray (v / 256) of the square face box, output 1x136 =
 * 68 (x, y) pairs as fractions of the box.
 */
public final class OnnxLandmarkDetector implements LandmarkDetector {

  static final String FILE = "fr_landmark.onnx";
  private static final int SIDE = 64;

  private final OnnxModel model;

  public OnnxLandmarkDetector(OnnxModel model) {
    this.model = model;
  }

  @Override
  public float[] landmarks68(Mat bgr, FaceBox box) {
    int x = Math.round(box.x());
    int y = Math.round(box.y());
    int w = Math.max(1, Math.round(box.width()));
    int h = Math.max(1, Math.round(box.height()));
    float[] input;
    try (Mat crop = Mats.cropPadded(bgr, x, y, w, h); Mat gray = Mats.gray(crop); Mat small = Mats.resized(gray, SIDE, SIDE)) {
      input = Mats.planar(small, false, 0f, 1f / 256f);
    }
    float[] out = model.runSingle(input, 1, 1, SIDE, SIDE);
    float[] pts = new float[136];
    for (int i = 0; i < 68; i++) {
      pts[2 * i] = out[2 * i] * w + x;
      pts[2 * i + 1] = out[2 * i + 1] * h + y;
    }
    return pts;
  }

  @Override
  public void close() {
    model.close();
  }
}
