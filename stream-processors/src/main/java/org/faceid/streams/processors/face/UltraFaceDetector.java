package org.faceid.streams.processors.face;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code fr_detect.onnx}: UltraFace-style detector, input 1x3x240x320 ((v - 127) / 128), outputs
 * {@code scores} 1x4420x2 (softmax, index 1 = face) and {@code boxes} 1x4420x4 (already decoded
 * x1,y1,x2,y2 as fractions of the input). Boxes are made square (side = height, same centre) as the
 * package's JavaScript does, because the landmark, liveness and pose crops were built on that box.
 */
public final class UltraFaceDetector implements FaceDetector {

  static final String FILE = "fr_detect.onnx";
  private static final int W = 320;
  private static final int H = 240;
  /** Measured: every real face scored >= 0.7 with no false box on the test photos (see tests). */
  static final float SCORE_THRESHOLD = 0.7f;
  /** Standard IoU suppression; the JS's 0.4 overlap-of-smaller-box rule is close to this. */
  static final float NMS_IOU = 0.4f;

  private final OnnxModel model;
  private final boolean rgb;
  private final float threshold;

  UltraFaceDetector(OnnxModel model, boolean rgb, float threshold) {
    this.model = model;
    this.rgb = rgb;
    this.threshold = threshold;
  }

  public UltraFaceDetector(OnnxModel model) {
    this(model, false, SCORE_THRESHOLD);
  }

  @Override
  public List<FaceBox> detect(Mat bgr) {
    int pw = paddedWidth(bgr);
    int ph = paddedHeight(bgr);
    float[] input = input(bgr, pw, ph);
    var out = model.run(input, 1, 3, H, W);
    float[] scores = out.get("scores");
    float[] boxes = out.get("boxes");
    float sx = pw;
    float sy = ph;
    List<FaceBox> found = new ArrayList<>();
    for (int i = 0; i < scores.length / 2; i++) {
      float s = scores[2 * i + 1];
      if (s < threshold) {
        continue;
      }
      float x1 = boxes[4 * i] * sx;
      float y1 = boxes[4 * i + 1] * sy;
      float x2 = boxes[4 * i + 2] * sx;
      float y2 = boxes[4 * i + 3] * sy;
      if (x2 <= x1 || y2 <= y1) {
        continue;
      }
      found.add(new FaceBox(x1, y1, x2 - x1, y2 - y1, s));
    }
    List<FaceBox> kept = Nms.suppress(found, NMS_IOU);
    List<FaceBox> square = new ArrayList<>(kept.size());
    for (FaceBox b : kept) {
      float side = b.height();
      float cx = b.x() + b.width() / 2;
      square.add(new FaceBox(cx - side / 2, b.y(), side, side, b.score()));
    }
    return square;
  }

  /**
   * The image is squeezed to 4:3 like the package does, except that an aspect ratio more than
   * {@value #MAX_SQUEEZE}x away from 4:3 is first padded (right/bottom) to that limit: two photos
   * side by side (3.6:1) lost a face when squeezed. Full letterboxing of every image instead raised
   * false boxes above 0.7 on rick2 and amy2, so the squeeze the model was tuned with is kept.
   */
  static final double MAX_SQUEEZE = 2.0;

  private static int paddedWidth(Mat m) {
    double minAspect = (double) W / H / MAX_SQUEEZE;
    return Math.max(m.cols(), (int) Math.ceil(m.rows() * minAspect));
  }

  private static int paddedHeight(Mat m) {
    double maxAspect = (double) W / H * MAX_SQUEEZE;
    return Math.max(m.rows(), (int) Math.ceil(m.cols() / maxAspect));
  }

  private float[] input(Mat bgr, int pw, int ph) {
    // No padding needed: no copy (a null resource is not closed).
    try (Mat padded = pw == bgr.cols() && ph == bgr.rows() ? null : Mats.cropPadded(bgr, 0, 0, pw, ph);
        Mat small = Mats.resized(padded == null ? bgr : padded, W, H)) {
      return Mats.planar(small, rgb, 127f, 1f / 128f);
    }
  }

  /** The best anchor's log-odds, unthresholded (box scores saturate at 1.00 for clear faces). */
  @Override
  public double faceness(Mat bgr) {
    int pw = paddedWidth(bgr);
    int ph = paddedHeight(bgr);
    float[] scores = model.run(input(bgr, pw, ph), 1, 3, H, W).get("scores");
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length / 2; i++) {
      best = Math.max(best, Math.log(scores[2 * i + 1] + 1e-12) - Math.log(scores[2 * i] + 1e-12));
    }
    return best;
  }

  @Override
  public void close() {
    model.close();
  }
}
