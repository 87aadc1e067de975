package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_core.sumElems;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Image quality of a face region, independent of face size and exposure.
 *
 * <p><b>Blur</b> is the no-reference perceptual blur metric of Crete et al. (2007): the face is
 * resampled to {@value #SIDE}x{@value #SIDE} (so it is measured at a fixed face size), re-blurred
 * with a 9-tap box filter, and the share of neighbour-pixel variation that the re-blur does NOT
 * remove is the sharpness; blur = 1 - that share, in [0, 1] (0 sharp, 1 featureless), the worse of
 * the horizontal and vertical directions. Being a ratio, it ignores contrast and exposure, so a dark
 * photo does not read as blurred. <b>Lighting</b> is the mean and the 99th percentile of the
 * luminance (0..255) of the inner face (the central part of the box, without background or hair).
 */
public final class ImageQuality {

  static final int SIDE = 128;
  private static final int REBLUR = 9;
  /** Inner face: the central 60% of the box width, 20-85% of its height (forehead to chin). */
  private static final double INNER_X = 0.2;
  private static final double INNER_TOP = 0.2;
  private static final double INNER_BOTTOM = 0.85;
  /** The highlight is the luminance this share of the inner face lies at or below. */
  private static final double HIGHLIGHT_SHARE = 0.99;

  private ImageQuality() {}

  public static double blur(Mat bgr, FaceBox box) {
    try (Mat crop = Mats.cropPadded(bgr, Math.round(box.x()), Math.round(box.y()),
            Math.round(box.width()), Math.round(box.height()));
        Mat gray = Mats.gray(crop);
        // Central region only, so zero padding at image borders never counts as an edge.
        Mat inner = innerRegion(gray, 0.1, 0.1, 0.9);
        Mat small = Mats.resized(inner, SIDE, SIDE);
        Mat f = new Mat()) {
      small.convertTo(f, CV_32F);
      return Math.max(directionalBlur(f, true), directionalBlur(f, false));
    }
  }

  private static double directionalBlur(Mat f, boolean horizontal) {
    try (Mat b = new Mat();
        Size kernel = horizontal ? new Size(REBLUR, 1) : new Size(1, REBLUR)) {
      org.bytedeco.opencv.global.opencv_imgproc.blur(f, b, kernel);
      try (Mat df = neighbourDiff(f, horizontal);
          Mat db = neighbourDiff(b, horizontal);
          Mat v = new Mat()) {
        subtract(df, db, v);
        try (Size size = v.size(); Scalar zero = Scalar.all(0); Mat zeros = new Mat(size, v.type(), zero)) {
          max(v, zeros, v);
        }
        try (Scalar sumsF = sumElems(df); Scalar sumsV = sumElems(v)) {
          double sumF = sumsF.get(0);
          double sumV = sumsV.get(0);
          return sumF <= 1e-9 ? 1.0 : (sumF - sumV) / sumF;
        }
      }
    }
  }

  private static Mat neighbourDiff(Mat m, boolean horizontal) {
    int w = m.cols();
    int h = m.rows();
    try (Rect a = horizontal ? new Rect(1, 0, w - 1, h) : new Rect(0, 1, w, h - 1);
        Rect b = horizontal ? new Rect(0, 0, w - 1, h) : new Rect(0, 0, w, h - 1);
        Mat ma = new Mat(m, a);
        Mat mb = new Mat(m, b)) {
      Mat d = new Mat();
      absdiff(ma, mb, d);
      return d;
    }
  }

  /** Mean luminance 0..255 of the inner face, clipped to the image. */
  public static double brightness(Mat bgr, FaceBox box) {
    return lighting(bgr, box).mean();
  }

  /** Mean and 99th percentile of the inner face's luminance, clipped to the image; zeros without one. */
  public static Lighting lighting(Mat bgr, FaceBox box) {
    int x0 = (int) Math.max(0, box.x() + box.width() * INNER_X);
    int x1 = (int) Math.min(bgr.cols(), box.x() + box.width() * (1 - INNER_X));
    int y0 = (int) Math.max(0, box.y() + box.height() * INNER_TOP);
    int y1 = (int) Math.min(bgr.rows(), box.y() + box.height() * INNER_BOTTOM);
    if (x1 <= x0 || y1 <= y0) {
      return new Lighting(0, 0);
    }
    try (Rect region = new Rect(x0, y0, x1 - x0, y1 - y0);
        Mat roi = new Mat(bgr, region);
        Mat gray = Mats.gray(roi);
        Mat pixels = gray.clone();
        UByteIndexer luminance = pixels.createIndexer()) {
      long[] histogram = new long[256];
      long sum = 0;
      for (long y = 0; y < pixels.rows(); y++) {
        for (long x = 0; x < pixels.cols(); x++) {
          int v = luminance.get(y, x);
          histogram[v]++;
          sum += v;
        }
      }
      long n = (long) pixels.rows() * pixels.cols();
      return new Lighting(sum / (double) n, percentile(histogram, n, HIGHLIGHT_SHARE));
    }
  }

  /** The least value at or below which {@code share} of the {@code n} counted values lie. */
  private static int percentile(long[] histogram, long n, double share) {
    long seen = 0;
    for (int v = 0; v < histogram.length; v++) {
      seen += histogram[v];
      if (seen >= share * n) {
        return v;
      }
    }
    return histogram.length - 1;
  }

  private static Mat innerRegion(Mat m, double fx, double top, double bottom) {
    int x0 = (int) (m.cols() * fx);
    int x1 = (int) (m.cols() * (1 - fx));
    int y0 = (int) (m.rows() * top);
    int y1 = (int) (m.rows() * bottom);
    try (Rect region = new Rect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
        Mat view = new Mat(m, region)) {
      return view.clone();
    }
  }
}
