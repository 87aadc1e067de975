package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_calib3d.Rodrigues;
import static org.bytedeco.opencv.global.opencv_calib3d.SOLVEPNP_SQPNP;
import static org.bytedeco.opencv.global.opencv_calib3d.solvePnP;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Head pose from geometry: the 68 landmarks fitted to a generic 3-D face with OpenCV's solvePnP
 * (SQPnP: a global solver, so the fit never lands behind the camera as the iterative one did on
 * 18 of 29 testdata faces, reading roll near 180).
 *
 * <p>Only points that glasses, caps and hair leave in place are fitted: eye corners, the nose
 * (bridge, tip, nostrils) and the mouth corners and chin. Brows (under a cap's peak) and the jaw
 * contour (under hair, and guessed by the landmark model at large turns) are left out.
 *
 * <p>Camera: focal length {@link #FOCAL_PER_BOX} x the face box height, principal point at the
 * face box centre. Putting the principal point on the face makes the pose relative to the line of
 * sight (what the face shows the camera), so an off-centre face looking at the lens reads frontal;
 * tying the focal length to the face keeps tight crops and large photos on one scale.
 */
public final class LandmarkPose {

  /**
   * f = 3 x box height: a face box of ~15 cm seen from ~45 cm, a selfie at arm's length. The fit
   * is nearly weak-perspective at this distance; other focal lengths were not measured.
   */
  static final double FOCAL_PER_BOX = 3.0;

  /** iBUG-68 indices of the fitted points. */
  private static final int[] POINTS = {27, 30, 31, 33, 35, 36, 39, 42, 45, 48, 54, 8};
  /**
   * Generic adult face in millimetres, same order: x to the image's right, y down, z away from the
   * camera, origin at the nose tip. Proportions of the common six-point model (eye corners 90 mm
   * apart and 27 mm behind the tip, mouth corners, chin) with inner eye corners, bridge and
   * nostrils added from average anthropometry; a frontal face gives the identity rotation.
   */
  private static final double[][] MODEL = {
    {0, -40, 14}, {0, 0, 0}, {-13, 5, 17}, {0, 8, 14}, {13, 5, 17},
    {-45, -34, 27}, {-16, -33, 17}, {16, -33, 17}, {45, -34, 27},
    {-26, 30, 24}, {26, 30, 24}, {0, 66, 13},
  };

  private LandmarkPose() {}

  /**
   * Yaw, pitch and roll in degrees of the face whose 68 landmarks are {@code lm}, signed as
   * {@link OnnxHeadPoseEstimator} reads them (checked on the testdata faces: same sign of yaw on all
   * turned faces, of roll on all tilted ones; pitch negated to match).
   */
  public static Pose solve(float[] lm, FaceBox box) {
    double f = FOCAL_PER_BOX * box.height();
    double cx = box.x() + box.width() / 2;
    double cy = box.y() + box.height() / 2;
    try (Mat object = new Mat(POINTS.length, 3, CV_64F);
        Mat image = new Mat(POINTS.length, 2, CV_64F);
        Mat camera = new Mat(3, 3, CV_64F);
        Mat noDistortion = new Mat();
        Mat rvec = new Mat();
        Mat tvec = new Mat();
        Mat rotation = new Mat()) {
      try (DoubleIndexer o = object.createIndexer(); DoubleIndexer i = image.createIndexer();
          DoubleIndexer k = camera.createIndexer()) {
        for (int n = 0; n < POINTS.length; n++) {
          o.put(n, 0, MODEL[n]);
          i.put(n, 0, lm[2 * POINTS[n]], lm[2 * POINTS[n] + 1]);
        }
        k.put(0, 0, f, 0, cx, 0, f, cy, 0, 0, 1);
      }
      solvePnP(object, image, camera, noDistortion, rvec, tvec, false, SOLVEPNP_SQPNP);
      Rodrigues(rvec, rotation);
      try (DoubleIndexer r = rotation.createIndexer()) {
        return angles(r);
      }
    }
  }

  /** Euler angles of R = Rz(roll) Ry(yaw) Rx(pitch), R mapping model to camera coordinates. */
  private static Pose angles(DoubleIndexer r) {
    double yaw = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -r.get(2, 0)))));
    double pitch = Math.toDegrees(Math.atan2(r.get(2, 1), r.get(2, 2)));
    double roll = Math.toDegrees(Math.atan2(r.get(1, 0), r.get(0, 0)));
    return new Pose(yaw, -pitch, roll);
  }
}
