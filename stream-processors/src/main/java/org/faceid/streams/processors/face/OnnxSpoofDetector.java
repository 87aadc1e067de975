package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * {@code fr_liveness.onnx} (MiniFASNet-style): input 1x3x128x128 raw 0..255 <b>BGR</b> of the face
 * box enlarged 2.7x (scale reduced and window shifted to stay inside the image, as the package
 * does), output 1x3 logits; softmax class {@link #LIVE_CLASS} is the live probability.
 */
public final class OnnxSpoofDetector implements SpoofDetector {

  static final String FILE = "fr_liveness.onnx";
  private static final int SIDE = 128;
  private static final double CONTEXT = 2.7;
  /** Class 0 is live: real photos read 0.97-1.00 on it, the three attacks 0.00-0.22 (measured). */
  static final int LIVE_CLASS = 0;
  /**
   * Live when the score reaches this (the softmax decision point), for a selfie and for a clip's
   * median alike. Measured (BGR, bilinear crop): minivision T1 0.68, the 24 testdata scene/TV photos
   * 0.73-1.00 except the 150x150 grey crop amy4 0.47; attacks F1 0.00, F2 0.22, hyperfas fake_screen
   * 0.08 (DESIGN §8, LivenessScoresTest), so 0.5 has margin on both sides. RGB input broke it (T1 0.01).
   */
  public static final double LIVE_THRESHOLD = 0.5;

  private final OnnxModel model;
  private final boolean rgb;

  OnnxSpoofDetector(OnnxModel model, boolean rgb) {
    this.model = model;
    this.rgb = rgb;
  }

  public OnnxSpoofDetector(OnnxModel model) {
    this(model, false);
  }

  @Override
  public double liveScore(Mat bgr, FaceBox box) {
    float[] input;
    try (Rect r = contextWindow(bgr.cols(), bgr.rows(), box, CONTEXT);
        Mat crop = new Mat(bgr, r);
        // Bilinear like the package (cv.resize default): the model reacts to resampling texture.
        Mat small = Mats.resized(crop, SIDE, SIDE, org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR)) {
      input = Mats.planar(small, rgb, 0f, 1f);
    }
    float[] p = OnnxModel.softmax(model.runSingle(input, 1, 3, SIDE, SIDE));
    return p[LIVE_CLASS];
  }

  /** The box scaled about its centre, scale capped so it fits, then shifted inside the image. */
  static Rect contextWindow(int srcW, int srcH, FaceBox box, double scaleWanted) {
    double bw = Math.max(1, box.width());
    double bh = Math.max(1, box.height());
    double scale = Math.min(Math.min((srcH - 1) / bh, (srcW - 1) / bw), scaleWanted);
    double w = bw * scale;
    double h = bh * scale;
    double cx = box.x() + bw / 2;
    double cy = box.y() + bh / 2;
    double x0 = cx - w / 2;
    double y0 = cy - h / 2;
    double x1 = cx + w / 2;
    double y1 = cy + h / 2;
    if (x0 < 0) {
      x1 -= x0;
      x0 = 0;
    }
    if (y0 < 0) {
      y1 -= y0;
      y0 = 0;
    }
    if (x1 > srcW - 1) {
      x0 -= x1 - srcW + 1;
      x1 = srcW - 1;
    }
    if (y1 > srcH - 1) {
      y0 -= y1 - srcH + 1;
      y1 = srcH - 1;
    }
    int rx = (int) Math.max(0, x0);
    int ry = (int) Math.max(0, y0);
    int rw = (int) Math.max(1, Math.min(x1 - rx, srcW - rx));
    int rh = (int) Math.max(1, Math.min(y1 - ry, srcH - ry));
    return new Rect(rx, ry, rw, rh);
  }

  @Override
  public void close() {
    model.close();
  }
}
