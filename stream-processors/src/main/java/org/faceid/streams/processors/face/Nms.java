package org.faceid.streams.processors.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression by intersection over union. */
final class Nms {

  private Nms() {}

  static List<FaceBox> suppress(List<FaceBox> boxes, float iouThreshold) {
    List<FaceBox> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed());
    List<FaceBox> kept = new ArrayList<>();
    for (FaceBox b : sorted) {
      boolean overlaps = false;
      for (FaceBox k : kept) {
        if (iou(b, k) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(b);
      }
    }
    return kept;
  }

  static float iou(FaceBox a, FaceBox b) {
    float ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
    float iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
    float inter = ix * iy;
    float union = a.area() + b.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
