package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** The 68 iBUG/Multi-PIE facial points of one face. */
public interface LandmarkDetector extends AutoCloseable {

  /** x0,y0,...,x67,y67 in pixel coordinates of {@code bgr}. */
  float[] landmarks68(Mat bgr, FaceBox box);

  @Override
  void close();
}
