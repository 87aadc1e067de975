package org.faceid.streams.processors.liveness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceMeasures;
import org.faceid.streams.processors.face.FaceOcclusion;
import org.faceid.streams.processors.face.ImageDecoder;
import org.faceid.streams.processors.face.ImageQuality;
import org.faceid.streams.processors.face.SelfieCheck;
import org.faceid.streams.processors.signals.MouthOpening;
import org.faceid.streams.schema.VideoFrame;

/**
 * Faces across the sampled frames of a clip. Every frame gets the cheap models (detector, 68
 * landmarks, eyes) and pixel measures; the expensive ones (embedding, anti-spoof, pose) run on the
 * best frame and on a few frames spread over the clip, which is what identity consistency and a
 * clip-wide anti-spoof score need.
 */
public final class VideoFaceAnalyzer {

  /** The two best images must be this far apart in time, so they are not the same moment twice. */
  static final long MIN_BEST_GAP_MS = 400;
  /** Frames besides the best one that get an embedding and an anti-spoof score. */
  static final int SPREAD_SAMPLES = 4;
  /**
   * Runs of frames analyzed at once (the common pool's workers plus the calling stream thread).
   * Fixed, not the core count: each run restarts tracking, and a clip must get the same analysis on
   * every machine.
   */
  static final int PARALLELISM = 2;
  /** Shorter runs would make tracking restart too often. */
  static final int MIN_FRAMES_PER_RUN = 16;
  /** A main face must overlap its predecessor this much to stay the tracked face. */
  static final double TRACK_MIN_IOU = 0.3;

  private final FaceEngine engine;

  public VideoFaceAnalyzer(FaceEngine engine) {
    this.engine = engine;
  }

  public VideoFaces analyze(List<VideoFrame> frames, boolean measureOcclusion) {
    // The clip is cut into one run of consecutive frames per core, each tracked on its own: a
    // request's latency is mostly these frames, and the stage's other core is often idle (the
    // speech stage needs a tenth of the time). Each run starts tracking afresh, as the clip does.
    int runs = Math.max(1, Math.min(PARALLELISM, frames.size() / MIN_FRAMES_PER_RUN));
    List<List<FrameFace>> tracked = IntStream.range(0, runs).parallel()
        .mapToObj(r -> track(frames, r * frames.size() / runs, (r + 1) * frames.size() / runs, measureOcclusion))
        .toList();
    List<FrameFace> faces = new ArrayList<>(frames.size());
    tracked.forEach(faces::addAll);
    FrameFace best = faces.stream().filter(Objects::nonNull)
        .max(Comparator.comparingDouble(VideoFaceAnalyzer::quality)).orElse(null);
    if (best == null) {
      return new VideoFaces(faces, null, null, null, 0, 0);
    }
    FrameFace runnerUp = faces.stream()
        .filter(f -> f != null && Math.abs(f.timeMs() - best.timeMs()) >= MIN_BEST_GAP_MS)
        .max(Comparator.comparingDouble(VideoFaceAnalyzer::quality)).orElse(null);
    FaceMeasures measures = measure(frames.get(best.frame()), best);
    // Each sample: its similarity to the best face and its live score, the samples side by side.
    List<double[]> samples = spread(faces, best).parallelStream().map(sample -> {
      Mat bgr = ImageDecoder.pixels(bytes(frames.get(sample.frame())));
      try {
        return new double[] {FaceEngine.similarity(measures.embedding(), engine.embedding(bgr, sample.box())),
            engine.models().spoof().liveScore(bgr, sample.box())};
      } finally {
        bgr.close();
      }
    }).toList();
    double minSimilarity = samples.stream().mapToDouble(v -> v[0]).min().orElse(1);
    List<Double> live = new ArrayList<>();
    live.add(measures.liveScore());
    samples.forEach(v -> live.add(v[1]));
    return new VideoFaces(faces, best, measures, runnerUp, minSimilarity, median(live));
  }

  private List<FrameFace> track(List<VideoFrame> frames, int from, int to, boolean measureOcclusion) {
    List<FrameFace> faces = new ArrayList<>(to - from);
    FaceBox previous = null;
    for (int i = from; i < to; i++) {
      VideoFrame frame = frames.get(i);
      FrameFace face = null;
      Mat bgr = ImageDecoder.pixels(bytes(frame));
      if (bgr != null) {
        try {
          face = frameFace(i, frame.getTimestampMs(), bgr, previous, measureOcclusion);
        } finally {
          bgr.close();
        }
      }
      faces.add(face);
      if (face != null) {
        previous = face.box();
      }
    }
    return faces;
  }

  private FrameFace frameFace(int index, long timeMs, Mat bgr, FaceBox previous, boolean measureOcclusion) {
    List<FaceBox> boxes = engine.detect(bgr);
    FaceBox main = track(boxes, previous);
    if (main == null) {
      return null;
    }
    float[] landmarks = engine.landmarks68(bgr, main);
    boolean crowded = boxes.stream()
        .anyMatch(b -> b != main && b.area() * FaceEngine.DOMINANCE_AREA_RATIO > main.area());
    return new FrameFace(index, timeMs, main, landmarks, MouthOpening.of(landmarks),
        ImageQuality.blur(bgr, main), ImageQuality.lighting(bgr, main),
        engine.models().eyes().eyesOpen(bgr, landmarks),
        measureOcclusion ? FaceOcclusion.lowerFaceChromaDistance(bgr, main) : 0,
        boxes.size(), crowded);
  }

  /** The face overlapping the previous main face, else the largest: a bystander never takes over by size alone. */
  static FaceBox track(List<FaceBox> largestFirst, FaceBox previous) {
    if (largestFirst.isEmpty()) {
      return null;
    }
    if (previous != null) {
      FaceBox overlapping = largestFirst.stream()
          .max(Comparator.comparingDouble(b -> iou(b, previous))).orElseThrow();
      if (iou(overlapping, previous) >= TRACK_MIN_IOU) {
        return overlapping;
      }
    }
    return largestFirst.get(0);
  }

  static double iou(FaceBox a, FaceBox b) {
    double x0 = Math.max(a.x(), b.x());
    double y0 = Math.max(a.y(), b.y());
    double x1 = Math.min(a.x() + a.width(), b.x() + b.width());
    double y1 = Math.min(a.y() + a.height(), b.y() + b.height());
    double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    return inter / (a.area() + b.area() - inter);
  }

  /**
   * How good a frame is for comparison: sharp, large, well lit, eyes open, facing the camera.
   * Frontality comes from the landmarks (nose tip against the eyes' midpoint), since the pose
   * model costs as much as the detector and runs only on the chosen frame.
   */
  static double quality(FrameFace f) {
    float[] lm = f.landmarks();
    double eyesMidX = (lm[36 * 2] + lm[45 * 2]) / 2;
    double interocular = Math.max(1, Math.abs(lm[45 * 2] - lm[36 * 2]));
    double frontal = Math.max(0.05, 1 - 2 * Math.abs(lm[30 * 2] - eyesMidX) / interocular);
    double lit = SelfieCheck.poorLight(f.lighting()) ? 0.3 : 1;
    double eyes = f.eyesOpen() >= VideoLivenessCheck.EYES_OPEN_MIN ? 1 : 0.3;
    return (1 - f.blur()) * Math.min(1, f.size() / 120) * lit * eyes * frontal;
  }

  private FaceMeasures measure(VideoFrame frame, FrameFace face) {
    Mat bgr = ImageDecoder.pixels(bytes(frame));
    try {
      return engine.measure(bgr, face.box());
    } finally {
      bgr.close();
    }
  }

  /** Up to {@link #SPREAD_SAMPLES} face frames evenly spread over the clip, the best one excluded. */
  static List<FrameFace> spread(List<FrameFace> faces, FrameFace best) {
    List<FrameFace> others = faces.stream().filter(f -> f != null && f != best).toList();
    List<FrameFace> picked = new ArrayList<>();
    int n = Math.min(SPREAD_SAMPLES, others.size());
    for (int i = 0; i < n; i++) {
      picked.add(others.get((int) ((i + 0.5) * others.size() / n)));
    }
    return picked;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static byte[] bytes(VideoFrame frame) {
    return Buffers.bytes(frame.getJpeg());
  }
}
