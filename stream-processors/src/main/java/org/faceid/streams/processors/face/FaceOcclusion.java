package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YCrCb;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Whether something covers the lower face (a mask, a scarf, an object held in front of it): the
 * chroma of the mouth-and-chin region against the chroma of the upper face (brows to eyes), which
 * nothing covers in the cases this catches. Skin keeps its chroma across a face under any light,
 * while cloth, paper and plastic rarely share it. A hand over the mouth is skin and passes; grey
 * images carry no chroma and always pass.
 */
public final class FaceOcclusion {

  private FaceOcclusion() {}

  /** Distance in the YCrCb chroma plane (0..~180) between the lower and the upper face. */
  public static double lowerFaceChromaDistance(Mat bgr, FaceBox box) {
    double[] upper = chroma(bgr, box, 0.30, 0.22, 0.70, 0.40);
    double[] lower = chroma(bgr, box, 0.30, 0.72, 0.70, 0.92);
    return Math.hypot(upper[0] - lower[0], upper[1] - lower[1]);
  }

  /** Mean (Cr, Cb) of the part of the box between the given fractions of its width and height. */
  private static double[] chroma(Mat bgr, FaceBox box, double left, double top, double right, double bottom) {
    int x = Math.round(box.x() + (float) left * box.width());
    int y = Math.round(box.y() + (float) top * box.height());
    int w = Math.round((float) (right - left) * box.width());
    int h = Math.round((float) (bottom - top) * box.height());
    try (Mat patch = Mats.cropPadded(bgr, x, y, w, h); Mat ycrcb = new Mat()) {
      cvtColor(patch, ycrcb, COLOR_BGR2YCrCb);
      Scalar m = mean(ycrcb);
      double[] crcb = {m.get(1), m.get(2)};
      m.close();
      return crcb;
    }
  }
}
