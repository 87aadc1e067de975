package org.faceid.streams.processors.signals;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.faceid.streams.processors.face.FaceEngine;

/**
 * A photo held up to the camera: one frame re-captured with hand tremor (sub-pixel shifts, 1%
 * scale, 0.7 degree turns), sensor noise and JPEG coding, so the landmarks jitter as they would
 * on a real still face instead of repeating exactly.
 */
final class StillFace {

  private static final double SHIFT_PX = 1.5;
  private static final double SCALE = 0.01;
  private static final double TURN_DEGREES = 0.7;
  private static final double NOISE = 4;
  private static final int JPEG_QUALITY = 80;

  private StillFace() {}

  /** Mouth landmarks ({@link AvClip#mouthLandmarks}) of {@code count} re-captures of {@code bgr} (null where no face was found). */
  static float[][] jitteredLandmarks(FaceEngine engine, Mat bgr, int count, long seed) {
    Random random = new Random(seed);
    float[][] landmarks = new float[count][];
    for (int i = 0; i < count; i++) {
      Mat shot = recapture(bgr, random);
      landmarks[i] = AvClip.mouthLandmarks(engine, shot);
      shot.close();
    }
    return landmarks;
  }

  private static Mat recapture(Mat bgr, Random random) {
    Point2f centre = new Point2f(bgr.cols() / 2f + (float) (random.nextGaussian() * SHIFT_PX),
        bgr.rows() / 2f + (float) (random.nextGaussian() * SHIFT_PX));
    Mat transform = getRotationMatrix2D(centre, random.nextGaussian() * TURN_DEGREES,
        1 + random.nextGaussian() * SCALE);
    Mat moved = new Mat();
    warpAffine(bgr, moved, transform, new Size(bgr.cols(), bgr.rows()), INTER_LINEAR,
        opencv_core.BORDER_REPLICATE, new Scalar());
    addNoise(moved, random);
    try (BytePointer jpeg = new BytePointer()) {
      imencode(".jpg", moved, jpeg, new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY));
      try (Mat buffer = new Mat(1, (int) jpeg.limit(), opencv_core.CV_8UC1, jpeg)) {
        return imdecode(buffer, IMREAD_COLOR);
      }
    } finally {
      transform.close();
      moved.close();
    }
  }

  /** Gaussian sensor noise on every 8-bit channel value, in place (a fresh, continuous Mat). */
  private static void addNoise(Mat bgr, Random random) {
    byte[] values = new byte[(int) (bgr.total() * bgr.channels())];
    BytePointer data = bgr.data();
    data.get(values);
    for (int i = 0; i < values.length; i++) {
      double v = (values[i] & 0xff) + random.nextGaussian() * NOISE;
      values[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
    data.put(values);
  }
}
