package org.faceid.streams.processors;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.faceid.streams.processors.common.Timings;
import org.faceid.streams.processors.decode.UnsupportedMediaException;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.processors.signals.AudioEnvelope;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpeechTopology;
import org.faceid.streams.schema.VideoFrame;

/**
 * What each video stage costs in-process on one clip, each stage alone: decode (FFmpeg decode, sampling,
 * JPEG, resampling), faces (the liveness stage's analysis) and speech (the speech stage's call: the
 * issued number checked and aligned, as {@code SpeechTopology} runs it, + envelope).
 * {@code bench/video-flows.sh} sets these against validate_video through Kafka; in the service the
 * faces and speech stages run side by side, so the critical path is decode + the slower of the two.
 * Usage: VideoStageBenchmark calls clip.mp4 issued-digits
 */
public final class VideoStageBenchmark {

  private VideoStageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(args[0]);
    byte[] clip = Files.readAllBytes(Path.of(args[1]));
    String issued = args[2];
    VideoProbe probe = new VideoProbe(Duration.ofSeconds(20));
    VideoProbe.Decoded decoded = probe.decode(clip);
    List<VideoFrame> frames = decoded.videoFrames();
    short[] pcm = SpeechTopology.pcm(ByteBuffer.wrap(decoded.audioPcm()));
    System.out.printf(Locale.ROOT, "clip: %d ms, %dx%d, %d sampled frames, %.2f s of 16 kHz audio%n",
        decoded.result().durationMs(), decoded.result().width(), decoded.result().height(), frames.size(),
        pcm.length / 16000.0);
    try (FaceEngine engine = FaceEngine.open(TestProcessorsConfig.get().faceModels());
        SpeechRecognizer speech = TestProcessorsConfig.get().speechRecognizer()) {
      VideoFaceAnalyzer faces = new VideoFaceAnalyzer(engine);
      System.out.printf(Locale.ROOT, "  %-34s %8s %8s%n", "per clip (" + calls + " runs)", "p50 ms", "p95 ms");
      double decode = Timings.time(calls, 2, "decode", () -> decodeOrFail(probe, clip));
      double face = Timings.time(calls, 2, "faces (liveness stage)", () -> faces.analyze(frames, false));
      double voice = Timings.time(calls, 2, "speech (" + speech.name() + ")",
          () -> speech.verify(pcm, issued).heard() + AudioEnvelope.logBand(pcm, 100).length);
      double path = decode + Math.max(face, voice);
      System.out.printf(Locale.ROOT, "critical path decode + max(faces, speech): %.1f ms (decode %.0f%%, faces %.0f%%, speech %.0f%% of it)%n",
          path, 100 * decode / path, 100 * face / path, 100 * voice / path);
    }
  }

  private static VideoProbe.Decoded decodeOrFail(VideoProbe probe, byte[] clip) {
    try {
      return probe.decode(clip);
    } catch (UnsupportedMediaException e) {
      throw new IllegalStateException(e);
    }
  }
}
