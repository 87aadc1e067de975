package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** Identity embedding of an aligned face. */
public interface FaceEmbedder extends AutoCloseable {

  /** L2-normalised embedding of a 112x112 BGR face aligned by {@link FaceAligner}. */
  float[] embed(Mat aligned112);

  @Override
  void close();
}
