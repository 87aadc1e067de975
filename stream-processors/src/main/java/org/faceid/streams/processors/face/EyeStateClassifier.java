package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** Whether a face's eyes are open. */
public interface EyeStateClassifier extends AutoCloseable {

  /** Probability in [0, 1] that both eyes are open (the less open eye counts). */
  double eyesOpen(Mat bgr, float[] landmarks68);

  @Override
  void close();
}
