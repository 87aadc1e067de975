package org.faceid.streams.processors.face;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The set of models the engine runs, one per job, each replaceable by another implementation of
 * its interface. {@link #load} builds the ONNX set from a model directory (the process's
 * configuration names it: {@code ProcessorsConfig#faceModels}). Closing the set closes every session.
 */
public record FaceModels(FaceDetector detector, LandmarkDetector landmarks, FaceEmbedder embedder,
    SpoofDetector spoof, EyeStateClassifier eyes, HeadPoseEstimator pose) implements AutoCloseable {

  /** The ONNX models in {@code dir}, one intra-op thread per session. */
  public static FaceModels load(Path dir, String detector) {
    return load(dir, detector, 1);
  }

  /**
   * The ONNX models in {@code dir}; {@code detector} is ultraface (also when null/blank) or
   * blazeface; each session runs {@code intraOpThreads} threads.
   */
  public static FaceModels load(Path dir, String detector, int intraOpThreads) {
    String which = detector == null || detector.isBlank()
        ? "ultraface" : detector.trim().toLowerCase(Locale.ROOT);
    // Check every file first, so a half-fetched directory fails before any session is opened.
    String detectorFile = switch (which) {
      case "ultraface" -> UltraFaceDetector.FILE;
      case "blazeface" -> BlazeFaceDetector.FILE;
      default -> throw new IllegalArgumentException(
          "FACEID_FACE_DETECTOR=" + detector + " is not one of: ultraface, blazeface");
    };
    for (String f : new String[] {detectorFile, OnnxLandmarkDetector.FILE, OnnxFaceEmbedder.FILE,
        OnnxSpoofDetector.FILE, OnnxEyeStateClassifier.FILE, OnnxHeadPoseEstimator.FILE}) {
      require(dir, f);
    }
    FaceDetector det = which.equals("blazeface")
        ? new BlazeFaceDetector(OnnxModel.load(dir.resolve(detectorFile), intraOpThreads))
        : new UltraFaceDetector(OnnxModel.load(dir.resolve(detectorFile), intraOpThreads));
    return new FaceModels(det,
        new OnnxLandmarkDetector(OnnxModel.load(dir.resolve(OnnxLandmarkDetector.FILE), intraOpThreads)),
        new OnnxFaceEmbedder(OnnxModel.load(dir.resolve(OnnxFaceEmbedder.FILE), intraOpThreads)),
        new OnnxSpoofDetector(OnnxModel.load(dir.resolve(OnnxSpoofDetector.FILE), intraOpThreads)),
        new OnnxEyeStateClassifier(OnnxModel.load(dir.resolve(OnnxEyeStateClassifier.FILE), intraOpThreads)),
        new OnnxHeadPoseEstimator(OnnxModel.load(dir.resolve(OnnxHeadPoseEstimator.FILE), intraOpThreads)));
  }

  static void require(Path dir, String file) {
    if (!Files.isRegularFile(dir.resolve(file))) {
      throw new IllegalStateException("face model " + file + " not found in " + dir
          + ": run deploy/fetch-models.sh (or set FACEID_MODEL_DIR to the directory holding it)");
    }
  }

  @Override
  public void close() {
    detector.close();
    landmarks.close();
    embedder.close();
    spoof.close();
    eyes.close();
    pose.close();
  }
}
