package org.faceid.streams.processors.face;

import org.faceid.streams.processors.TestProcessorsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.common.Timings;

/**
 * Per-face cost of each model and of the engine's two calls, in-process on one thread: the baseline
 * that {@code bench/face-flows.sh} sets the Kafka round trips against.
 * Usage: EngineBenchmark calls selfie.jpg reference.jpg
 */
public final class EngineBenchmark {

  private EngineBenchmark() {}

  public static void main(String[] args) throws IOException {
    int calls = Integer.parseInt(args[0]);
    byte[] selfie = Files.readAllBytes(Path.of(args[1]));
    byte[] reference = Files.readAllBytes(Path.of(args[2]));
    FaceModels models = TestProcessorsConfig.get().faceModels();
    try (FaceEngine engine = FaceEngine.open(models); UprightImage image = ImageDecoder.decode(selfie)) {
      Mat bgr = image.bgr();
      FaceBox box = engine.detect(bgr).get(0);
      float[] landmarks = engine.landmarks68(bgr, box);
      Mat aligned = FaceAligner.align(bgr, FaceAligner.points5(landmarks));
      System.out.printf(Locale.ROOT, "  %-34s %8s %8s%n", "per face (" + calls + " runs)", "p50 ms", "p95 ms");
      Timings.time(calls, "decode + EXIF orientation", () -> ImageDecoder.decode(selfie));
      Timings.time(calls, "detector (" + models.detector().getClass().getSimpleName() + ")", () -> engine.detect(bgr));
      Timings.time(calls, "landmarks (68 points)", () -> engine.landmarks68(bgr, box));
      Timings.time(calls, "embedding (alignment + model)", () -> models.embedder().embed(FaceAligner.align(bgr, FaceAligner.points5(landmarks))));
      Timings.time(calls, "embedding model alone", () -> models.embedder().embed(aligned));
      Timings.time(calls, "anti-spoof", () -> models.spoof().liveScore(bgr, box));
      Timings.time(calls, "eyes", () -> models.eyes().eyesOpen(bgr, landmarks));
      Timings.time(calls, "head pose", () -> models.pose().pose(bgr, box));
      Timings.time(calls, "upside-down check (2 detector runs, 8 when unclear)", () -> engine.upsideDown(bgr, box));
      Timings.time(calls, "blur", () -> ImageQuality.blur(bgr, box));
      Timings.time(calls, "lighting (mean + highlight)", () -> ImageQuality.lighting(bgr, box));
      Timings.time(calls, "analyzeSelfie (validate_*_face)", () -> engine.analyzeSelfie(selfie));
      Timings.time(calls, "analyzeReference (verify, per ref)", () -> engine.analyzeReference(reference, false));
    }
  }
}
