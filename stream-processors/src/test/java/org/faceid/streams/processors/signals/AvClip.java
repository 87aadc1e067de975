package org.faceid.streams.processors.signals;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceEngine;

/**
 * A decoded talking-face clip as the service's stages would see it: every {@code frameStep}-th
 * video frame with its time and the largest face's landmarks ({@link MouthTrackSource}: the 68
 * points unless the calibration is told otherwise; null where no face), and the
 * audio as 16 kHz mono PCM.
 */
record AvClip(String name, long[] frameTimesMs, float[][] landmarks, short[] audio16k) {

  static final int AUDIO_RATE = 16_000;

  /** Decodes {@code file}, keeping every {@code frameStep}-th frame (2 on a 25 fps clip: 12.5 fps). */
  static AvClip load(String name, Path file, int frameStep, FaceEngine engine) {
    List<Long> times = new ArrayList<>();
    List<float[]> marks = new ArrayList<>();
    ShortSink audio = new ShortSink();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
      grabber.setSampleRate(AUDIO_RATE);
      grabber.setAudioChannels(1);
      grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
      grabber.start();
      int videoFrames = 0;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (frame.samples != null) {
          audio.add((ShortBuffer) frame.samples[0]);
        }
        if (frame.image != null && videoFrames++ % frameStep == 0) {
          times.add(frame.timestamp / 1000);
          marks.add(mouthLandmarks(engine, toMat.convert(frame)));
        }
      }
      grabber.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not decode " + file, e);
    }
    return new AvClip(name, times.stream().mapToLong(Long::longValue).toArray(),
        marks.toArray(float[][]::new), audio.toArray());
  }

  /** Decodes only the audio of any file ffmpeg reads (e.g. an 8 kHz WAV), as 16 kHz mono PCM. */
  static short[] audio16k(Path file) {
    ShortSink audio = new ShortSink();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setSampleRate(AUDIO_RATE);
      grabber.setAudioChannels(1);
      grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
      grabber.start();
      for (Frame frame; (frame = grabber.grabSamples()) != null; ) {
        audio.add((ShortBuffer) frame.samples[0]);
      }
      grabber.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not decode " + file, e);
    }
    return audio.toArray();
  }

  /** A copy of the {@code index}-th video frame (BGR) of {@code file}. */
  static Mat frameAt(Path file, int index) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
      grabber.start();
      int n = 0;
      for (Frame frame; (frame = grabber.grabImage()) != null; n++) {
        if (n == index) {
          return toMat.convert(frame).clone();
        }
      }
      throw new IllegalArgumentException(file + " has only " + n + " frames");
    } catch (Exception e) {
      throw new IllegalStateException("could not decode " + file, e);
    }
  }

  static float[] mouthLandmarks(FaceEngine engine, Mat bgr) {
    List<FaceBox> faces = engine.detect(bgr);
    return faces.isEmpty() ? null : MouthTrackSource.CHOSEN.points(engine, bgr, faces.get(0));
  }

  /** Mouth opening per kept frame, NaN where no face (what the liveness stage sends). */
  float[] mouthOpening() {
    return openings(landmarks, MouthTrackSource.CHOSEN::opening);
  }

  /** {@code measure} of each landmark set, NaN where there is none. */
  static float[] openings(float[][] landmarks, ToDoubleFunction<float[]> measure) {
    float[] opening = new float[landmarks.length];
    for (int i = 0; i < opening.length; i++) {
      opening[i] = landmarks[i] == null ? Float.NaN : (float) measure.applyAsDouble(landmarks[i]);
    }
    return opening;
  }

  double durationMs() {
    return audio16k.length * 1000.0 / AUDIO_RATE;
  }

  /** Growable short array: javacv hands audio over in small buffers. */
  private static final class ShortSink {
    private short[] data = new short[1 << 16];
    private int size;

    void add(ShortBuffer buffer) {
      int n = buffer.remaining();
      if (size + n > data.length) {
        data = Arrays.copyOf(data, Math.max(2 * data.length, size + n));
      }
      buffer.get(data, size, n);
      size += n;
    }

    short[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
