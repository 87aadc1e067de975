package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Generates media fixtures in memory with javacv (FFmpeg and OpenCV as linked into the tests; no
 * ffmpeg command line, no files written). Every fixture is derived from a real file of the shared
 * test corpus, so the content is real footage / photos, only cut, re-encoded or resized.
 */
public final class TestMedia {

  private TestMedia() {}

  /**
   * Re-encodes the first {@code seconds} of {@code source} (H.264 via OpenH264, plus AAC audio when
   * {@code withAudio}) into {@code format} ("mp4", "matroska", ...), entirely in memory.
   * Video frames with a timestamp below {@code seconds} are kept, so at 25 fps a cut of 4 s holds
   * exactly 100 frames and lasts 4.00 s.
   */
  public static byte[] clip(byte[] source, double seconds, boolean withAudio, String format) {
    return clip(source, seconds, withAudio, format, Map.of());
  }

  public static byte[] clip(byte[] source, double seconds, boolean withAudio, String format, Map<String, String> muxerOptions) {
    SeekableByteArrayOutputStream out = new SeekableByteArrayOutputStream();
    transcode(source, seconds, withAudio, format, muxerOptions,
        (w, h, channels) -> new FFmpegFrameRecorder(out, w, h, channels));
    return out.toByteArray();
  }

  /**
   * The first {@code seconds} of {@code source} as a browser's MediaRecorder writes it: WebM with
   * VP8 and Opus, muxed "live" (Chromium's layout: the header states no duration, the segment and
   * clusters have unknown sizes, and there is no Cues index), so only decoding can tell its length.
   */
  public static byte[] liveWebm(byte[] source, double seconds) {
    return clip(source, seconds, true, "webm", Map.of("live", "1"));
  }

  /**
   * Like {@link #clip} but as an MP4 with its {@code moov} index before the media data
   * ("faststart", as web uploads usually are). FFmpeg writes that layout in a second pass that
   * re-reads its own output, which javacv's write-only in-memory AVIO cannot do, so this one fixture
   * goes through a temporary file that is deleted again.
   */
  public static byte[] faststartMp4(byte[] source, double seconds, boolean withAudio) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("faststart", ".mp4");
      File file = tmp.toFile();
      transcode(source, seconds, withAudio, "mp4", Map.of("movflags", "+faststart"),
          (w, h, channels) -> new FFmpegFrameRecorder(file, w, h, channels));
      return Files.readAllBytes(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  private interface RecorderFactory {
    FFmpegFrameRecorder create(int width, int height, int audioChannels);
  }

  private static void transcode(byte[] source, double seconds, boolean withAudio, String format,
      Map<String, String> muxerOptions, RecorderFactory factory) {
    long limitMicros = Math.round(seconds * 1_000_000);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(source))) {
      grabber.start();
      if (withAudio && !grabber.hasAudio()) {
        throw new IllegalArgumentException("source has no audio stream");
      }
      int channels = withAudio ? grabber.getAudioChannels() : 0;
      boolean webm = format.equals("webm"); // WebM allows VP8/VP9/AV1 with Vorbis/Opus only
      try (FFmpegFrameRecorder recorder = factory.create(
          grabber.getImageWidth(), grabber.getImageHeight(), channels)) {
        recorder.setFormat(format);
        recorder.setVideoCodec(webm ? AV_CODEC_ID_VP8 : AV_CODEC_ID_H264);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(grabber.getFrameRate());
        recorder.setVideoBitrate(1_000_000);
        recorder.setGopSize(25);
        muxerOptions.forEach(recorder::setOption);
        if (withAudio) {
          recorder.setAudioCodec(webm ? AV_CODEC_ID_OPUS : AV_CODEC_ID_AAC);
          recorder.setSampleRate(webm ? 48_000 : grabber.getSampleRate());
          recorder.setAudioBitrate(64_000);
        }
        recorder.start();
        Frame frame;
        while ((frame = grabber.grab()) != null) {
          if (frame.timestamp >= limitMicros) {
            if (frame.image != null) {
              break; // frames come in timestamp order per stream; video decides the cut
            }
            continue;
          }
          if (frame.image != null) {
            recorder.record(frame);
          } else if (frame.samples != null && withAudio) {
            recorder.recordSamples(frame.sampleRate, frame.audioChannels, frame.samples);
          }
        }
        recorder.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not generate a " + seconds + " s " + format + " clip", e);
    }
  }

  /** The first {@code fraction} of the bytes, as an interrupted upload would leave them. */
  public static byte[] truncate(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  public static byte[] randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Decodes a real photo, resizes it to exactly {@code width} x {@code height} and encodes it. */
  public static byte[] resizedImage(byte[] photo, int width, int height, String extension) {
    try (Mat src = imdecode(new Mat(new BytePointer(photo)), IMREAD_COLOR);
        Mat dst = new Mat();
        Size size = new Size(width, height)) {
      if (src.empty()) {
        throw new IllegalArgumentException("not a decodable photo");
      }
      resize(src, dst, size, 0, 0, INTER_LINEAR);
      return encode(dst, extension);
    }
  }

  /** Re-encodes a real photo unchanged in size into another format (".png", ".webp", ".bmp", ...). */
  public static byte[] reencode(byte[] photo, String extension) {
    try (Mat src = imdecode(new Mat(new BytePointer(photo)), IMREAD_COLOR)) {
      if (src.empty()) {
        throw new IllegalArgumentException("not a decodable photo");
      }
      return encode(src, extension);
    }
  }

  /** Decodes an encoded image (e.g. a sampled JPEG frame) to BGR; fails if it does not decode. */
  public static Mat decodeImage(byte[] encoded) {
    Mat image = imdecode(new Mat(new BytePointer(encoded)), IMREAD_COLOR);
    if (image.empty()) {
      throw new IllegalArgumentException("not a decodable image");
    }
    return image;
  }

  /** Mean absolute difference per channel value of two images of the same size and type, 0-255. */
  public static double meanDifference(Mat a, Mat b) {
    try (Mat diff = new Mat()) {
      absdiff(a, b, diff);
      Scalar m = mean(diff);
      return (m.get(0) + m.get(1) + m.get(2)) / 3;
    }
  }

  /**
   * The shift (in samples, positive: {@code b} lags {@code a}) within {@code +-maxLag} at which
   * {@code b} best matches {@code a}, by normalised cross-correlation.
   */
  public static int lag(short[] a, short[] b, int maxLag) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
        double x = a[i];
        double y = b[i + lag];
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      double score = dot / Math.sqrt(na * nb + 1e-9);
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return best;
  }

  private static byte[] encode(Mat image, String extension) {
    try (BytePointer buf = new BytePointer()) {
      if (!imencode(extension, image, buf)) {
        throw new IllegalStateException("OpenCV cannot encode " + extension);
      }
      byte[] bytes = new byte[(int) buf.limit()];
      buf.get(bytes);
      return bytes;
    }
  }
}
