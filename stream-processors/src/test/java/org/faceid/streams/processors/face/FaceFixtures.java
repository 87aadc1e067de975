package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.faceid.streams.processors.decode.TestData;

/**
 * Selfies and references for the stage and end-to-end tests: real photos as they are, or transformed
 * at test time (never committed). Transformed images are encoded as PNG, so they go through the
 * real decode path.
 */
public final class FaceFixtures {

  /** The garden right of the man in face-detection/test.jpg (640x426): foliage, no face. */
  private static final Rect GARDEN = new Rect(330, 0, 310, 300);

  private FaceFixtures() {}

  /** A testdata file as uploaded. */
  public static byte[] photo(String testdata) {
    return TestData.bytes(testdata);
  }

  /** The same photo, upright, re-encoded as PNG (it loses its JPEG container and EXIF). */
  public static byte[] asPng(String testdata) {
    return FaceTestSupport.png(FaceTestSupport.upright(testdata));
  }

  public static byte[] noFace() {
    return FaceTestSupport.png(garden().clone());
  }

  /** Two real photos side by side, scaled so their faces are the same size: no face dominates. */
  public static byte[] twoPeople(String left, String right) {
    return FaceTestSupport.png(sideBySide(FaceTestSupport.upright(left), FaceTestSupport.upright(right)));
  }

  public static byte[] blurred(String testdata) {
    Mat m = FaceTestSupport.upright(testdata);
    FaceBox face = FaceTestSupport.engine().detect(m).get(0);
    Mat blurred = new Mat();
    GaussianBlur(m, blurred, new Size(0, 0), face.width() / 25.0);
    return FaceTestSupport.png(blurred);
  }

  /** Scaled by {@code gain} and shifted by {@code offset}: 0.25/0 is too dark, 1/130 washed out. */
  public static byte[] relit(String testdata, double gain, double offset) {
    Mat lit = new Mat();
    FaceTestSupport.upright(testdata).convertTo(lit, -1, gain, offset);
    return FaceTestSupport.png(lit);
  }

  /** The photo in the top-left corner of a real faceless canvas three times its size. */
  public static byte[] inCorner(String testdata) {
    Mat photo = FaceTestSupport.upright(testdata);
    Mat canvas = Mats.resized(garden(), photo.cols() * 3, photo.rows() * 3);
    photo.copyTo(new Mat(canvas, new Rect(0, 0, photo.cols(), photo.rows())));
    return FaceTestSupport.png(canvas);
  }

  public static byte[] rotated(String testdata, int clockwiseDegrees) {
    return FaceTestSupport.png(ImageDecoder.rotateClockwise(FaceTestSupport.upright(testdata), clockwiseDegrees));
  }

  /** The photo as a black-and-white print: grey levels only, saved as a three-channel PNG. */
  public static byte[] monochrome(String testdata) {
    try (Mat colour = FaceTestSupport.upright(testdata); Mat grey = Mats.gray(colour); Mat threeChannel = new Mat()) {
      org.bytedeco.opencv.global.opencv_imgproc.cvtColor(grey, threeChannel,
          org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR);
      return FaceTestSupport.png(threeChannel);
    }
  }

  static Mat garden() {
    return new Mat(ImageDecoder.decode(PackageMedia.bytes("face-detection/test.jpg")).bgr(), GARDEN);
  }

  /** The two images scaled so their faces are the same size, placed on one canvas. */
  static Mat sideBySide(Mat left, Mat right) {
    FaceBox lf = FaceTestSupport.engine().detect(left).get(0);
    FaceBox rf = FaceTestSupport.engine().detect(right).get(0);
    double s = lf.width() / rf.width();
    Mat r = Mats.resized(right, (int) Math.round(right.cols() * s), (int) Math.round(right.rows() * s));
    int h = Math.max(left.rows(), r.rows());
    Mat canvas = new Mat(h, left.cols() + r.cols(), left.type(), Scalar.all(0));
    left.copyTo(new Mat(canvas, new Rect(0, 0, left.cols(), left.rows())));
    r.copyTo(new Mat(canvas, new Rect(left.cols(), 0, r.cols(), r.rows())));
    return canvas;
  }
}
