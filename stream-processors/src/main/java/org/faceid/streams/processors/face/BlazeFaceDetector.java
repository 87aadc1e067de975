package org.faceid.streams.processors.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code face_detection_front_128x128_barracuda.onnx} (MediaPipe BlazeFace, short range): input
 * {@code input:0} 1x128x128x3 NHWC RGB scaled to [-1, 1] of the image letterboxed to a square;
 * outputs {@code Identity:0} 1x512x1 and {@code Identity_1:0} 1x384x1 score logits (sigmoid) and
 * {@code Identity_2:0} 1x512x16 / {@code Identity_3:0} 1x384x16 regressions (centre dx, dy, w, h, then
 * six key points, in 128-px input units) for a 16x16 grid with 2 anchors and an 8x8 grid with 6.
 * Overlaps are blended by score (MediaPipe's weighted NMS, IoU 0.3). Meant for faces that fill a
 * good part of the frame (selfies); small faces in scene photos are missed.
 */
public final class BlazeFaceDetector implements FaceDetector {

  static final String FILE = "face_detection_front_128x128_barracuda.onnx";
  private static final int SIDE = 128;
  /** The package's default threshold (FaceDetector.ProcessImage). */
  static final float SCORE_THRESHOLD = 0.75f;
  private static final float NMS_IOU = 0.3f;
  /**
   * BlazeFace's box is tighter than UltraFace's (brows to mouth); the downstream crops were trained
   * on UltraFace-like square boxes, so the box is enlarged and moved up to match (median ratio
   * and centre offset against UltraFace over 12 testdata colour photos: 1.3x, -0.09 side).
   */
  static final float BOX_SCALE = 1.3f;
  static final float BOX_SHIFT_Y = -0.09f;

  private final OnnxModel model;

  public BlazeFaceDetector(OnnxModel model) {
    this.model = model;
  }

  @Override
  public List<FaceBox> detect(Mat bgr) {
    int side = Math.max(bgr.cols(), bgr.rows());
    int padX = (side - bgr.cols()) / 2;
    int padY = (side - bgr.rows()) / 2;
    byte[] px;
    try (Mat square = Mats.cropPadded(bgr, -padX, -padY, side, side); Mat small = Mats.resized(square, SIDE, SIDE)) {
      px = Mats.bytes(small);
    }
    float[] input = new float[SIDE * SIDE * 3];
    for (int i = 0; i < SIDE * SIDE; i++) {
      for (int c = 0; c < 3; c++) {
        input[i * 3 + c] = (px[i * 3 + 2 - c] & 0xff) / 127.5f - 1f;
      }
    }
    var out = model.run(input, 1, SIDE, SIDE, 3);
    List<float[]> raw = new ArrayList<>();
    decode(out.get("Identity:0"), out.get("Identity_2:0"), 16, 2, raw);
    decode(out.get("Identity_1:0"), out.get("Identity_3:0"), 8, 6, raw);
    List<FaceBox> boxes = new ArrayList<>();
    for (float[] d : weightedNms(raw)) {
      float s = Math.max(d[2], d[3]) * side * BOX_SCALE;
      float cx = d[0] * side - padX;
      float cy = d[1] * side - padY + BOX_SHIFT_Y * s;
      boxes.add(new FaceBox(cx - s / 2, cy - s / 2, s, s, d[4]));
    }
    return boxes;
  }

  /** Appends {cx, cy, w, h, score} in [0,1] units for every anchor above threshold. */
  private static void decode(float[] scores, float[] regs, int cells, int anchors, List<float[]> out) {
    for (int cy = 0; cy < cells; cy++) {
      for (int cx = 0; cx < cells; cx++) {
        for (int a = 0; a < anchors; a++) {
          int i = (cy * cells + cx) * anchors + a;
          float score = (float) (1 / (1 + Math.exp(-scores[i])));
          if (score <= SCORE_THRESHOLD) {
            continue;
          }
          float ax = (cx + 0.5f) / cells;
          float ay = (cy + 0.5f) / cells;
          out.add(new float[] {
              ax + regs[16 * i] / SIDE, ay + regs[16 * i + 1] / SIDE,
              regs[16 * i + 2] / SIDE, regs[16 * i + 3] / SIDE, score
          });
        }
      }
    }
  }

  private static List<float[]> weightedNms(List<float[]> dets) {
    List<float[]> sorted = new ArrayList<>(dets);
    sorted.sort(Comparator.comparingDouble((float[] d) -> d[4]).reversed());
    boolean[] used = new boolean[sorted.size()];
    List<float[]> result = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      if (used[i]) {
        continue;
      }
      float[] acc = new float[4];
      float wsum = 0;
      float[] best = sorted.get(i);
      for (int j = i; j < sorted.size(); j++) {
        if (used[j] || (j != i && iou(best, sorted.get(j)) < NMS_IOU)) {
          continue;
        }
        used[j] = true;
        float[] d = sorted.get(j);
        for (int k = 0; k < 4; k++) {
          acc[k] += d[k] * d[4];
        }
        wsum += d[4];
      }
      result.add(new float[] {acc[0] / wsum, acc[1] / wsum, acc[2] / wsum, acc[3] / wsum, best[4]});
    }
    return result;
  }

  private static float iou(float[] a, float[] b) {
    FaceBox fa = new FaceBox(a[0] - a[2] / 2, a[1] - a[3] / 2, a[2], a[3], a[4]);
    FaceBox fb = new FaceBox(b[0] - b[2] / 2, b[1] - b[3] / 2, b[2], b[3], b[4]);
    return Nms.iou(fa, fb);
  }

  @Override
  public void close() {
    model.close();
  }
}
