package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Test videos made from the real clips of the shared corpus ({@link TestData}) with javacv only
 * (FFmpeg and OpenCV as linked into the tests; there is no ffmpeg command line here), entirely in
 * memory. Every video is an MP4 with H.264 (OpenH264) video at the source's frame rate and, unless
 * said otherwise, an AAC track of 16 kHz mono audio; audio is handled as 16 kHz mono 16-bit samples
 * ({@code short[]}). The pictures are real footage, only cut, composited, cropped, scaled or turned.
 * Used by other packages' tests and, through the test-jar, by the deploy module's end-to-end tests.
 */
public final class VideoFixtures {

  /** Sample rate of every {@code short[]} here. */
  public static final int AUDIO_RATE = 16_000;

  /** A plain background region of {@code av/grid/bbaf2n.mpg} (blue wall right of the speaker's head). */
  static final String NO_FACE_SOURCE = "av/grid/bbaf2n.mpg";
  static final Rect NO_FACE_REGION = new Rect(256, 8, 96, 72);
  static final int NO_FACE_WIDTH = 320;
  static final int NO_FACE_HEIGHT = 240;

  private VideoFixtures() {}

  /**
   * The frames of a real clip from {@code startSec}, {@code durationSec} long, with
   * {@code audio16kMono} as its sound track, padded with silence or cut to the video's length;
   * {@code null} gives a video without any audio stream. Expects a clip long enough (e.g. a GRID
   * clip: 3 s at 25 fps; HDTF: 8 s); audio from {@link #audio16k} of an fsdd WAV or an av clip.
   */
  public static byte[] mux(byte[] videoSource, short[] audio16kMono, double startSec, double durationSec) {
    try (Clip clip = new Clip(videoSource);
         Mp4Writer out = new Mp4Writer(clip.width, clip.height, clip.fps, audio16kMono, 0)) {
      copyFrames(clip, startSec, durationSec, out, (frame, t) -> frame);
      return out.finish();
    }
  }

  /**
   * A real clip's pictures re-timed to another sound track: the output frame at {@code t} seconds
   * shows the source frame at {@code sourceTime(t)}, which must not decrease and is clamped to the
   * source's last frame. For a talking face made to say other words at its own articulation
   * (e.g. a GRID clip with FSDD digits, each digit mapped onto one of the speaker's words).
   */
  public static byte[] retimed(byte[] videoSource, short[] audio16kMono, DoubleUnaryOperator sourceTime,
      double durationSec) {
    try (Clip clip = new Clip(videoSource);
         Mp4Writer out = new Mp4Writer(clip.width, clip.height, clip.fps, audio16kMono, 0)) {
      Mat last = null;
      for (int k = 0; k < frameCount(durationSec, clip.fps); k++) {
        Mat frame = clip.at(Math.max(0, sourceTime.applyAsDouble(k / clip.fps)));
        last = frame != null ? frame : last;
        if (last == null) {
          throw new IllegalArgumentException("the clip has no frame at the start");
        }
        out.write(last);
      }
      return out.finish();
    }
  }

  /**
   * The first audio track of any media file as 16 kHz mono samples, from its first sample: the
   * fsdd WAVs (8 kHz) or the av clips' own speech (GRID: MP2 44.1 kHz stereo, HDTF: AAC 16 kHz
   * stereo). Note that the Hamilton clip's audio starts 0.84 s before its first video frame.
   */
  public static short[] audio16k(byte[] mediaWithAudio) {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(mediaWithAudio))) {
      grabber.setSampleRate(AUDIO_RATE);
      grabber.setAudioChannels(1);
      grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
      grabber.start();
      if (!grabber.hasAudio()) {
        throw new IllegalArgumentException("media has no audio stream");
      }
      short[] all = new short[AUDIO_RATE];
      int n = 0;
      Frame frame;
      while ((frame = grabber.grabSamples()) != null) {
        ShortBuffer samples = (ShortBuffer) frame.samples[0];
        int count = samples.remaining();
        if (n + count > all.length) {
          all = Arrays.copyOf(all, Math.max(all.length * 2, n + count));
        }
        samples.get(all, n, count);
        n += count;
      }
      return Arrays.copyOf(all, n);
    } catch (FrameGrabber.Exception e) {
      throw new IllegalStateException("cannot decode the audio", e);
    }
  }

  /** {@code audio} delayed by {@code seconds} (advanced when negative), same length, zero-filled. */
  public static short[] shifted(short[] audio, double seconds) {
    int by = samples(seconds);
    short[] out = new short[audio.length];
    if (Math.abs(by) < audio.length) {
      System.arraycopy(audio, Math.max(0, -by), out, Math.max(0, by), audio.length - Math.abs(by));
    }
    return out;
  }

  public static short[] silence(double seconds) {
    return new short[samples(seconds)];
  }

  /**
   * Two real talking-face clips side by side in one frame, each scaled to the smaller of the two
   * heights, {@code durationSec} long from their starts, with {@code clipA}'s audio: a video with two
   * faces. Expects two clips with audio in {@code clipA}, e.g. two GRID clips (720x288).
   */
  public static byte[] sideBySide(byte[] clipA, byte[] clipB, double durationSec) {
    short[] audio = audio16k(clipA);
    try (Clip a = new Clip(clipA); Clip b = new Clip(clipB)) {
      int height = even(Math.min(a.height, b.height));
      int widthA = even((double) a.width * height / a.height);
      int widthB = even((double) b.width * height / b.height);
      try (Mp4Writer out = new Mp4Writer(widthA + widthB, height, a.fps, audio, 0);
           Mat canvas = new Mat(height, widthA + widthB, CV_8UC3);
           Mat left = new Mat(canvas, new Rect(0, 0, widthA, height));
           Mat right = new Mat(canvas, new Rect(widthA, 0, widthB, height));
           Size sizeA = new Size(widthA, height);
           Size sizeB = new Size(widthB, height)) {
        copyFrames(a, 0, durationSec, out, (frame, t) -> {
          Mat other = b.at(t);
          if (other == null) {
            throw new IllegalArgumentException("clipB is shorter than " + durationSec + " s");
          }
          resize(frame, left, sizeA, 0, 0, INTER_AREA);
          resize(other, right, sizeB, 0, 0, INTER_AREA);
          return canvas;
        });
        return out.finish();
      }
    }
  }

  /**
   * A faceless video made of real footage: the plain blue background region
   * {@link #NO_FACE_REGION} of a GRID clip, scaled up to 320x240 and played back and forth for as
   * long as asked, with {@code audio} as its track ({@code null}: no audio stream). Contains no face.
   */
  public static byte[] noFace(double durationSec, short[] audio) {
    List<Mat> crops = new ArrayList<>();
    try (Clip clip = new Clip(TestData.bytes(NO_FACE_SOURCE))) {
      for (Mat frame; (frame = clip.at(crops.size() / clip.fps)) != null; ) {
        try (Mat region = new Mat(frame, NO_FACE_REGION)) {
          crops.add(region.clone());
        }
      }
      try (Mp4Writer out = new Mp4Writer(NO_FACE_WIDTH, NO_FACE_HEIGHT, clip.fps, audio, 0);
           Mat scaled = new Mat();
           Size size = new Size(NO_FACE_WIDTH, NO_FACE_HEIGHT)) {
        int period = 2 * crops.size() - 2;
        for (int k = 0; k < frameCount(durationSec, clip.fps); k++) {
          int i = k % period;
          resize(crops.get(i < crops.size() ? i : period - i), scaled, size, 0, 0, INTER_LINEAR);
          out.write(scaled);
        }
        return out.finish();
      }
    } finally {
      crops.forEach(Mat::close);
    }
  }

  /**
   * The first {@code durationSec} of a real clip at exactly {@code width} x {@code height}: scaled to
   * cover that size and centre-cropped (no distortion), with the clip's own audio when it has any.
   * E.g. 640x480 from an HDTF clip (512x512: loses the top of the hair and the neck, keeps the face).
   */
  public static byte[] scaled(byte[] clip, int width, int height, double durationSec) {
    short[] audio = audioOrNull(clip);
    try (Clip source = new Clip(clip); Mp4Writer out = new Mp4Writer(width, height, source.fps, audio, 0)) {
      double scale = Math.max((double) width / source.width, (double) height / source.height);
      int sw = Math.max(width, (int) Math.round(source.width * scale));
      int sh = Math.max(height, (int) Math.round(source.height * scale));
      try (Size size = new Size(sw, sh);
           Mat resized = new Mat(sh, sw, CV_8UC3);
           Mat centre = new Mat(resized, new Rect((sw - width) / 2, (sh - height) / 2, width, height))) {
        copyFrames(source, 0, durationSec, out, (frame, t) -> {
          resize(frame, resized, size, 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
          return centre;
        });
      }
      return out.finish();
    }
  }

  /**
   * The whole of an upright real clip as a phone would store it when held turned: every frame
   * rotated by {@code degrees} counterclockwise, and display-rotation metadata (the MP4 display
   * matrix) telling players to turn it {@code degrees} clockwise, so it plays upright. 90 and 270
   * swap width and height. Keeps the clip's audio when it has any.
   */
  public static byte[] rotated(byte[] clip, int degrees) {
    int turn = switch (degrees) {
      case 90 -> ROTATE_90_COUNTERCLOCKWISE;
      case 180 -> ROTATE_180;
      case 270 -> ROTATE_90_CLOCKWISE;
      default -> throw new IllegalArgumentException("degrees must be 90, 180 or 270: " + degrees);
    };
    short[] audio = audioOrNull(clip);
    try (Clip source = new Clip(clip)) {
      boolean swap = degrees != 180;
      try (Mp4Writer out = new Mp4Writer(swap ? source.height : source.width, swap ? source.width : source.height,
              source.fps, audio, degrees);
           Mat stored = new Mat()) {
        copyFrames(source, 0, Double.POSITIVE_INFINITY, out, (frame, t) -> {
          rotate(frame, stored, turn);
          return stored;
        });
        return out.finish();
      }
    }
  }

  // ---------------------------------------------------------------- internals

  /** Turns a source frame shown at {@code t} seconds into the frame to write. */
  private interface FrameEdit {
    Mat apply(Mat frame, double t);
  }

  /**
   * Writes the frames of {@code clip} shown from {@code startSec} for {@code durationSec} (infinite:
   * to the clip's end) at the clip's frame rate, each through {@code edit}.
   */
  private static void copyFrames(Clip clip, double startSec, double durationSec, Mp4Writer out, FrameEdit edit) {
    boolean toEnd = Double.isInfinite(durationSec);
    int count = toEnd ? Integer.MAX_VALUE : frameCount(durationSec, clip.fps);
    for (int k = 0; k < count; k++) {
      double t = startSec + k / clip.fps;
      Mat frame = clip.at(t);
      if (frame == null) {
        if (toEnd && k > 0) {
          return;
        }
        throw new IllegalArgumentException("the clip has no frame at " + t + " s (asked for " + durationSec
            + " s from " + startSec + " s)");
      }
      out.write(edit.apply(frame, t));
    }
  }

  private static short[] audioOrNull(byte[] media) {
    try (Clip clip = new Clip(media)) {
      return clip.hasAudio ? audio16k(media) : null;
    }
  }

  private static int frameCount(double seconds, double fps) {
    return (int) Math.round(seconds * fps);
  }

  private static int samples(double seconds) {
    return (int) Math.round(seconds * AUDIO_RATE);
  }

  /** H.264 in 4:2:0 needs even sides. */
  private static int even(double side) {
    return Math.max(2, (int) Math.round(side / 2) * 2);
  }

  /** Reads a clip's pictures as BGR, by presentation time from its first frame. */
  private static final class Clip implements AutoCloseable {
    final int width;
    final int height;
    final double fps;
    final boolean hasAudio;

    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Mat current = new Mat();
    private double currentTime = Double.NaN;
    private Mat next;
    private double nextTime;
    private long originMicros = Long.MIN_VALUE;

    Clip(byte[] media) {
      grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(media));
      try {
        grabber.start();
      } catch (FFmpegFrameGrabber.Exception e) {
        throw new IllegalArgumentException("not a readable video", e);
      }
      width = grabber.getImageWidth();
      height = grabber.getImageHeight();
      fps = grabber.getFrameRate();
      hasAudio = grabber.hasAudio();
      readNext();
    }

    /**
     * The frame shown at {@code t} seconds (the last one starting at most half a frame later), or
     * null once {@code t} lies beyond the last frame. Valid until the next call; times must not
     * decrease between calls.
     */
    Mat at(double t) {
      double half = 0.5 / fps;
      while (next != null && nextTime <= t + half) {
        next.copyTo(current);
        currentTime = nextTime;
        readNext();
      }
      if (Double.isNaN(currentTime) || (next == null && t - currentTime > half)) {
        return null;
      }
      return current;
    }

    private void readNext() {
      try {
        Frame frame = grabber.grabImage();
        next = frame == null ? null : converter.convert(frame);
        if (frame != null) {
          if (originMicros == Long.MIN_VALUE) {
            originMicros = frame.timestamp;
          }
          nextTime = (frame.timestamp - originMicros) / 1e6;
        }
      } catch (FFmpegFrameGrabber.Exception e) {
        throw new IllegalStateException("cannot decode the clip", e);
      }
    }

    @Override
    public void close() {
      current.close();
      converter.close();
      try {
        grabber.close();
      } catch (FrameGrabber.Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** An in-memory MP4 (H.264 + optional AAC 16 kHz mono) whose audio follows its video frames. */
  private static final class Mp4Writer implements AutoCloseable {
    private final SeekableByteArrayOutputStream bytes = new SeekableByteArrayOutputStream();
    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final short[] audio;
    private final double fps;
    private int frames;
    private int audioWritten;

    /** @param displayRotation clockwise degrees a player turns the frames by; 0 for none */
    Mp4Writer(int width, int height, double fps, short[] audio, int displayRotation) {
      this.audio = audio;
      this.fps = fps;
      recorder = new FFmpegFrameRecorder(bytes, width, height, audio == null ? 0 : 1);
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      // About 0.12 bit per pixel: no visible blocking on faces at these sizes.
      recorder.setVideoBitrate((int) Math.max(300_000, width * height * fps / 8));
      recorder.setGopSize((int) Math.round(fps));
      if (audio != null) {
        recorder.setAudioCodec(AV_CODEC_ID_AAC);
        recorder.setSampleRate(AUDIO_RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(48_000);
      }
      if (displayRotation != 0) {
        // javacv takes FFmpeg's counterclockwise angle (av_display_rotation_get's sign).
        recorder.setDisplayRotation(-displayRotation);
      }
      try {
        recorder.start();
      } catch (FFmpegFrameRecorder.Exception e) {
        throw new IllegalStateException("cannot start the MP4 recorder", e);
      }
    }

    /** Writes one video frame and the audio that plays until the next one. */
    void write(Mat bgr) {
      try {
        recorder.record(converter.convert(bgr));
        frames++;
        if (audio != null) {
          // The track ends with the video: cut there, or padded with silence up to it.
          int until = samples(frames / fps);
          short[] chunk = new short[until - audioWritten];
          if (audioWritten < audio.length) {
            System.arraycopy(audio, audioWritten, chunk, 0, Math.min(chunk.length, audio.length - audioWritten));
          }
          recorder.recordSamples(AUDIO_RATE, 1, ShortBuffer.wrap(chunk));
          audioWritten = until;
        }
      } catch (FFmpegFrameRecorder.Exception e) {
        throw new IllegalStateException("cannot encode frame " + frames, e);
      }
    }

    byte[] finish() {
      try {
        recorder.stop();
      } catch (FFmpegFrameRecorder.Exception e) {
        throw new IllegalStateException("cannot finish the MP4", e);
      }
      return bytes.toByteArray();
    }

    @Override
    public void close() {
      converter.close();
      try {
        recorder.release();
      } catch (FFmpegFrameRecorder.Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
