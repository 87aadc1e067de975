package org.faceid.streams.processors.face;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.faceid.streams.processors.common.Parallelism;

/**
 * The set of models the engine runs, one per job, each replaceable by another implementation of
 * its interface. {@link #fromEnvironment()} builds the ONNX set from configuration:
 * <ul>
 *   <li>model directory: system property {@value #DIR_PROPERTY}, else environment variable
 *       {@value #DIR_ENV}, else the first {@code .faceid-local/models} found walking up from the
 *       working directory;</li>
 *   <li>detector: {@value #DETECTOR_ENV} = {@code ultraface} (default) or {@code blazeface};</li>
 *   <li>intra-op threads per session: {@link Parallelism#onnxThreads()}.</li>
 * </ul>
 * Closing the set closes every session.
 */
public record FaceModels(FaceDetector detector, LandmarkDetector landmarks, FaceEmbedder embedder,
    SpoofDetector spoof, EyeStateClassifier eyes, HeadPoseEstimator pose) implements AutoCloseable {

  public static final String DIR_PROPERTY = "faceid.model.dir";
  public static final String DIR_ENV = "FACEID_MODEL_DIR";
  public static final String DETECTOR_ENV = "FACEID_FACE_DETECTOR";

  public static FaceModels fromEnvironment() {
    return load(modelDir(), System.getenv(DETECTOR_ENV), Parallelism.fromEnv(System.getenv()).onnxThreads());
  }

  /** The ONNX models in {@code dir}, one intra-op thread per session. */
  public static FaceModels load(Path dir, String detector) {
    return load(dir, detector, 1);
  }

  /**
   * The ONNX models in {@code dir}; {@code detector} is ultraface (also when null/blank) or
   * blazeface; each session runs {@code intraOpThreads} threads.
   */
  public static FaceModels load(Path dir, String detector, int intraOpThreads) {
    String which = detector == null || detector.isBlank() || detector.startsWith("${")
        ? "ultraface" : detector.trim().toLowerCase(Locale.ROOT);
    // Check every file first, so a half-fetched directory fails before any session is opened.
    String detectorFile = switch (which) {
      case "ultraface" -> UltraFaceDetector.FILE;
      case "blazeface" -> BlazeFaceDetector.FILE;
      default -> throw new IllegalArgumentException(
          DETECTOR_ENV + "=" + detector + " is not one of: ultraface, blazeface");
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
          + ": run deploy/fetch-models.sh (or set " + DIR_ENV + " to the directory holding it)");
    }
  }

  public static Path modelDir() {
    String p = System.getProperty(DIR_PROPERTY);
    if (p == null || p.isBlank() || p.startsWith("${")) {
      p = System.getenv(DIR_ENV);
    }
    // Maven passes "${env.X}" through literally when X is unset.
    if (p != null && !p.isBlank() && !p.startsWith("${")) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve(".faceid-local").resolve("models");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("face model directory not found: set " + DIR_ENV + " (or -D"
        + DIR_PROPERTY + "), or run deploy/fetch-models.sh to fill .faceid-local/models (searched"
        + " upwards from " + start + ")");
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
