package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** Presentation-attack detection on a single still. */
public interface SpoofDetector extends AutoCloseable {

  /** Probability in [0, 1] that the face in {@code box} is a live person (not a print or screen). */
  double liveScore(Mat bgr, FaceBox box);

  @Override
  void close();
}
