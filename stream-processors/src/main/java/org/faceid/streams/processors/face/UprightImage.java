package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/** An upright 8-bit BGR image (EXIF orientation applied) and its metadata; close to free pixels. */
public record UprightImage(Mat bgr, ImageMetadata metadata) implements AutoCloseable {

  @Override
  public void close() {
    bgr.close();
  }
}
