package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** Head orientation of one face. */
public interface HeadPoseEstimator extends AutoCloseable {

  Pose pose(Mat bgr, FaceBox box);

  @Override
  void close();
}
