package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Whether a photo has no colour (id_photo_monochrome): almost no pixel has channels that differ by
 * more than JPEG's chroma noise. A grey photo saved as RGB, a scanned black-and-white print and a
 * one-channel file all count; a tinted (sepia) print does not, as its channels do differ.
 */
public final class Monochrome {

  /** Channel spread, in 8-bit levels, that JPEG chroma subsampling and noise stay under. */
  static final double CHROMA_NOISE = 12;
  /** Share of coloured pixels below which the photo is monochrome (specks, a stamp). */
  static final double COLOURED_SHARE = 0.01;

  private Monochrome() {}

  public static boolean of(Mat image) {
    if (image.channels() == 1) {
      return true;
    }
    try (Mat b = new Mat(); Mat g = new Mat(); Mat r = new Mat();
        Mat bg = new Mat(); Mat gr = new Mat(); Mat rb = new Mat(); Mat spread = new Mat(); Mat coloured = new Mat()) {
      extractChannel(image, b, 0);
      extractChannel(image, g, 1);
      extractChannel(image, r, 2);
      absdiff(b, g, bg);
      absdiff(g, r, gr);
      absdiff(r, b, rb);
      max(bg, gr, spread);
      max(spread, rb, spread);
      threshold(spread, coloured, CHROMA_NOISE, 255, THRESH_BINARY);
      coloured.convertTo(coloured, CV_8U);
      return countNonZero(coloured) < COLOURED_SHARE * image.total();
    }
  }
}
