package org.faceid.streams.processors;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.ReferenceFace;
import org.faceid.streams.processors.face.SelfieAnalysis;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.processors.signals.AudioEnvelope;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpeechTopology;

/**
 * The in-process side of {@code bench/batch.sh}: the engines the stages run, called directly on the
 * same files by a pool of threads (the machine's cores), with no Kafka, Avro or HTTP in between.
 * A case is the work its flow makes the stages do:
 * <ul>
 *   <li>{@code selfie}: analyzeSelfie on the front and the side photo, analyzeReference on the
 *       reference and their similarity (validate_front_face, validate_side_face, verify);
 *   <li>{@code video}: decode, the faces of every sampled frame (liveness) and the speech check
 *       against the digits the batch asserts with the voice envelope (validate_video), and
 *       analyzeReference on the reference (verify).
 * </ul>
 * Usage: {@code BatchBaseline selfie CASES THREADS front.jpg side.jpg ref.jpg} or
 * {@code BatchBaseline video CASES THREADS clip.mp4 ref.jpg DIGITS}. The digits are the batch's own
 * (bench/batch.sh asserts the ones the clip reads): the speech check's cost depends on them, since
 * Moonshine scores a number with a 0 in both its "zero" and its "oh" spelling. Prints one line ending in the cases per
 * second, then one with the process's CPU time per case (all threads), which a shared machine's
 * other load does not change as it changes the rate.
 */
public final class BatchBaseline {

  private BatchBaseline() {}

  public static void main(String[] args) throws Exception {
    String flow = args[0];
    int cases = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    try (FaceEngine engine = FaceEngine.open(ProcessorsConfig.fromEnv(System.getenv()).faceModels());
        SpeechRecognizer speech = ProcessorsConfig.fromEnv(System.getenv()).speechRecognizer()) {
      Runnable oneCase = switch (flow) {
        case "selfie" -> selfieCase(engine, read(args[3]), read(args[4]), read(args[5]));
        case "video" -> videoCase(engine, speech, read(args[3]), read(args[4]), args[5]);
        default -> throw new IllegalArgumentException("flow is selfie or video, not " + flow);
      };
      // Warm-up: JIT, sessions, decoder pools; as many cases as the Kafka side's (-Dbatch.warmup, default: threads).
      run(oneCase, Integer.getInteger("batch.warmup", threads), threads);
      long cpu0 = processCpuNanos();
      double seconds = run(oneCase, cases, threads);
      double cpuPerCase = (processCpuNanos() - cpu0) / 1e9 / cases;
      System.out.printf(Locale.ROOT, "%s in-process: %d cases in %.2f s on %d threads: %.2f cases/s%n",
          flow, cases, seconds, threads, cases / seconds);
      System.out.printf(Locale.ROOT, "%s in-process cpu: %.3f s/case%n", flow, cpuPerCase);
    }
  }

  private static Runnable selfieCase(FaceEngine engine, byte[] front, byte[] side, byte[] ref) {
    return () -> {
      SelfieAnalysis a = engine.analyzeSelfie(front);
      SelfieAnalysis b = engine.analyzeSelfie(side);
      ReferenceFace r = engine.analyzeReference(ref, false);
      if (a == null || b == null || r == null) {
        throw new IllegalStateException("the engine gave no analysis");
      }
    };
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Runnable videoCase(FaceEngine engine, SpeechRecognizer speech, byte[] clip, byte[] ref, String digits) {
    VideoProbe probe = new VideoProbe(Pipeline.MAX_DECODE_TIME);
    VideoFaceAnalyzer faces = new VideoFaceAnalyzer(engine);
    return () -> {
      try {
        VideoProbe.Decoded decoded = probe.decode(clip);
        faces.analyze(decoded.videoFrames(), false);
        short[] pcm = SpeechTopology.pcm(ByteBuffer.wrap(decoded.audioPcm()));
        speech.verify(pcm, digits);
        AudioEnvelope.logBand(pcm, 100);
        if (engine.analyzeReference(ref, false) == null) {
          throw new IllegalStateException("the engine gave no reference analysis");
        }
      } catch (Exception e) {
        throw new IllegalStateException("the clip did not decode", e);
      }
    };
  }

  /** Runs {@code cases} cases on {@code threads} threads; returns the wall time in seconds. */
  private static double run(Runnable oneCase, int cases, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < cases; i++) {
        done.add(pool.submit(oneCase));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] read(String file) throws java.io.IOException {
    return Files.readAllBytes(Path.of(file));
  }
}
