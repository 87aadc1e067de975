package org.faceid.streams.processors.face;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds faces in an upright 8-bit BGR image. */
public interface FaceDetector extends AutoCloseable {

  /** Faces after non-maximum suppression, in pixel coordinates of {@code bgr}, any order. */
  List<FaceBox> detect(Mat bgr);

  /**
   * How strongly {@code bgr} (typically a crop around one face) looks like an upright face, on a
   * scale where only comparisons between calls matter. Default: the best box score.
   */
  default double faceness(Mat bgr) {
    return detect(bgr).stream().mapToDouble(FaceBox::score).max().orElse(0);
  }

  @Override
  void close();
}
