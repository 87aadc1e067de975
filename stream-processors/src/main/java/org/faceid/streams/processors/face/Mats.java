package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.function.Consumer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Small OpenCV helpers shared by the model wrappers. Every returned Mat is owned by the caller. */
final class Mats {

  private Mats() {}

  /** A new Mat that {@code fill} writes: closed if the fill throws, else the caller's. */
  static Mat made(Consumer<Mat> fill) {
    Mat out = new Mat();
    try {
      fill.accept(out);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  /**
   * The region (x, y, w, h) of {@code src}, zero-padded where it leaves the image, so the crop keeps
   * the requested geometry (shifting or clipping it would change scale and aspect ratio).
   */
  static Mat cropPadded(Mat src, int x, int y, int width, int height) {
    int w = Math.max(1, width);
    int h = Math.max(1, height);
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(src.cols(), x + w);
    int y1 = Math.min(src.rows(), y + h);
    try (Scalar black = Scalar.all(0)) {
      if (x0 >= x1 || y0 >= y1) {
        return new Mat(h, w, src.type(), black);
      }
      try (Rect region = new Rect(x0, y0, x1 - x0, y1 - y0); Mat inner = new Mat(src, region)) {
        return made(out -> copyMakeBorder(inner, out, y0 - y, y + h - y1, x0 - x, x + w - x1, BORDER_CONSTANT, black));
      }
    }
  }

  static Mat resized(Mat src, int w, int h) {
    // INTER_AREA when shrinking avoids aliasing; linear when enlarging.
    return resized(src, w, h, src.cols() > w || src.rows() > h ? INTER_AREA : INTER_LINEAR);
  }

  static Mat resized(Mat src, int w, int h, int interpolation) {
    try (Size size = new Size(w, h)) {
      return made(out -> resize(src, out, size, 0, 0, interpolation));
    }
  }

  static Mat gray(Mat bgr) {
    if (bgr.channels() == 1) {
      return bgr.clone();
    }
    return made(out -> cvtColor(bgr, out, COLOR_BGR2GRAY));
  }

  static byte[] bytes(Mat m) {
    if (!m.isContinuous()) {
      try (Mat c = m.clone()) {
        return bytes(c);
      }
    }
    byte[] b = new byte[(int) (m.total() * m.channels())];
    m.data().get(b);
    return b;
  }

  /**
   * Planar NCHW floats from an 8-bit image: {@code (v - mean[c]) * scale[c]}, channels in BGR order,
   * or RGB when {@code rgb}.
   */
  static float[] planar(Mat img, boolean rgb, float[] mean, float[] scale) {
    int w = img.cols();
    int h = img.rows();
    int ch = img.channels();
    byte[] px = bytes(img);
    float[] out = new float[ch * w * h];
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < ch; c++) {
        int src = rgb && ch == 3 ? 2 - c : c;
        out[c * plane + i] = ((px[i * ch + src] & 0xff) - mean[c]) * scale[c];
      }
    }
    return out;
  }

  static float[] planar(Mat img, boolean rgb, float mean, float scale) {
    int ch = img.channels();
    float[] m = new float[ch];
    float[] s = new float[ch];
    java.util.Arrays.fill(m, mean);
    java.util.Arrays.fill(s, scale);
    return planar(img, rgb, m, s);
  }
}
