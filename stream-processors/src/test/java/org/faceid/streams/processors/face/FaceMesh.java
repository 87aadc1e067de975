package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromTFLite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * Test scope: the lip-sync calibration's alternative mouth track (MODELS.md, "Lip sync"; measured,
 * not adopted). MediaPipe's face mesh ({@code face_landmark.tflite}, 468 points), run by OpenCV DNN's TFLite
 * importer: input 1x192x192x3 RGB in 0..1 of a square crop around the face, outputs the 468 (x, y,
 * z) points in input pixels and a face-presence logit. It places the lips far more tightly than the
 * 64x64 68-point model (its inner-lip points follow the lips' own contour), which is what the mouth
 * track of lip sync needs.
 *
 * <p>An OpenCV {@link Net} is not safe for concurrent use, so each call borrows one from a pool (one
 * per thread that ever ran the mesh at once) and gives it back.
 */
public final class FaceMesh implements AutoCloseable {

  static final String FILE = "mediapipe/face_landmark.tflite";
  public static final int POINTS = 468;
  private static final int SIDE = 192;
  /**
   * Crop side in face-box sides around the box centre. MediaPipe scales its detector's box by 1.5;
   * UltraFace's square box (side = its height) is already larger than BlazeFace's, so 1.3 frames the
   * face about as the mesh was trained on (checked by eye on GRID and HDTF frames).
   */
  static final double CROP_SCALE = 1.3;
  /** Below this face-presence logit the crop holds no face the mesh can place ({@link #points}: null). */
  static final float MIN_PRESENCE_LOGIT = 0;

  private final byte[] model;
  private final ConcurrentLinkedQueue<Net> idle = new ConcurrentLinkedQueue<>();

  private FaceMesh(byte[] model) {
    this.model = model;
    idle.add(readNetFromTFLite(model));
  }

  /** The mesh fetched with the test media ({@code deploy/fetch-models.sh --test-media}). */
  public static FaceMesh load() {
    try {
      return new FaceMesh(Files.readAllBytes(PackageMedia.path(FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * x0,y0,...,x467,y467 in pixel coordinates of {@code bgr}, or null where the mesh finds no face
   * in the box's crop.
   */
  public float[] points(Mat bgr, FaceBox box) {
    float side = (float) (Math.max(box.width(), box.height()) * CROP_SCALE);
    float x0 = box.x() + box.width() / 2 - side / 2;
    float y0 = box.y() + box.height() / 2 - side / 2;
    float[] out;
    try (Mat crop = Mats.cropPadded(bgr, Math.round(x0), Math.round(y0), Math.round(side), Math.round(side));
        Mat small = Mats.resized(crop, SIDE, SIDE);
        Size size = new Size(SIDE, SIDE);
        Scalar zero = Scalar.all(0);
        // swapRB: the mesh takes RGB.
        Mat blob = blobFromImage(small, 1 / 255.0, size, zero, true, false, CV_32F)) {
      out = run(blob);
    }
    if (out == null) {
      return null;
    }
    float scale = Math.round(side) / (float) SIDE;
    float[] pts = new float[2 * POINTS];
    for (int i = 0; i < POINTS; i++) {
      pts[2 * i] = out[3 * i] * scale + Math.round(x0);
      pts[2 * i + 1] = out[3 * i + 1] * scale + Math.round(y0);
    }
    return pts;
  }

  private float[] run(Mat blob) {
    Net net = idle.poll();
    if (net == null) {
      net = readNetFromTFLite(model);
    }
    try (MatVector outputs = new MatVector()) {
      net.setInput(blob);
      net.forward(outputs, net.getUnconnectedOutLayersNames());
      float[] points = null;
      float presence = Float.NaN;
      for (long i = 0; i < outputs.size(); i++) {
        try (Mat m = outputs.get(i); FloatPointer data = new FloatPointer(m.data())) {
          if (m.total() == 3L * POINTS) {
            points = new float[3 * POINTS];
            data.get(points);
          } else if (m.total() == 1) {
            presence = data.get(0);
          }
        }
      }
      if (points == null || !(presence >= MIN_PRESENCE_LOGIT)) {
        return null;
      }
      return points;
    } finally {
      idle.add(net);
    }
  }

  @Override
  public void close() {
    for (Net net; (net = idle.poll()) != null; ) {
      net.close();
    }
  }
}
