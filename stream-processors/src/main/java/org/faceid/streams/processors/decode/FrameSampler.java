package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Keeps enough decoded frames of a video for lip motion and turns each into an upright, downscaled
 * JPEG. Owns its native buffers (swscale context, OpenCV matrices); {@link #close()} frees them.
 *
 * <p>Sampling works on the measured timestamps, not the header's frame rate: a frame is kept when
 * skipping it would leave more than 80 ms (12.5 frames per second) until the next kept one,
 * predicting the next frame from the median of the recent frame gaps. For a constant rate that is
 * every {@code max(1, floor(fps / 12.5))}-th frame (25 and 30 fps: every 2nd, 60 fps: every 4th,
 * 24 fps and below: all). A variable-rate phone video keeps at least that rate; a kept gap exceeds
 * 80 ms only where the video's own frames are late or missing.
 */
final class FrameSampler implements AutoCloseable {

  /** Fewest frames per second kept: lip motion needs about this. */
  static final double MIN_RATE = 12.5;
  /** Longer side of the JPEGs; smaller videos keep their size. */
  static final int MAX_SIDE = 640;
  static final int JPEG_QUALITY = 85;

  private static final long MAX_GAP_MICROS = Math.round(1_000_000 / MIN_RATE);
  /** Timestamps are rounded to whole microseconds: two 25 fps gaps must not count as just over 80 ms. */
  private static final long SLACK_MICROS = 10;
  private static final int GAP_HISTORY = 8;

  private final int rotation;
  private final List<VideoProbe.SampledFrame> frames = new ArrayList<>();
  private long totalBytes;
  private final long[] gaps = new long[GAP_HISTORY];
  private int gapCount;
  private long firstMicros = Long.MIN_VALUE;
  private long previousMicros;
  private long lastKeptMicros;

  private SwsContext sws;
  private String swsInput = "";
  private BytePointer pixels = new BytePointer(0L);
  private Mat bgr = new Mat();
  private final Mat upright = new Mat();
  private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
  private final IntPointer dstStride = new IntPointer(4);
  private final IntPointer jpegParams = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY);

  /** @param rotation clockwise degrees (0, 90, 180, 270) that turn the stored frames upright */
  FrameSampler(int rotation) {
    this.rotation = rotation;
  }

  /** JPEG bytes sampled so far. */
  long bytes() {
    return totalBytes;
  }

  List<VideoProbe.SampledFrame> frames() {
    return frames;
  }

  /**
   * Offers a decoded frame presented at {@code micros} (any origin, increasing); converts and keeps
   * it when {@link #due} says so.
   */
  void offer(AVFrame frame, long micros) {
    if (due(micros)) {
      keep(frame, micros);
    }
  }

  /**
   * Whether the frame presented at {@code micros} is to be kept; notes its time either way. The first
   * frame is always kept; frames whose time does not increase never are.
   */
  boolean due(long micros) {
    if (firstMicros == Long.MIN_VALUE) {
      firstMicros = micros;
      previousMicros = micros;
      lastKeptMicros = micros;
      return true;
    }
    if (micros <= previousMicros) {
      return false;
    }
    gaps[gapCount++ % GAP_HISTORY] = micros - previousMicros;
    previousMicros = micros;
    if (micros - lastKeptMicros + medianGap() > MAX_GAP_MICROS + SLACK_MICROS) {
      lastKeptMicros = micros;
      return true;
    }
    return false;
  }

  private long medianGap() {
    int n = Math.min(gapCount, GAP_HISTORY);
    long[] recent = Arrays.copyOf(gaps, n);
    Arrays.sort(recent);
    return recent[n / 2];
  }

  private void keep(AVFrame frame, long micros) {
    Mat image = toBgr(frame);
    if (rotation != 0) {
      rotate(image, upright, switch (rotation) {
        case 90 -> ROTATE_90_CLOCKWISE;
        case 180 -> ROTATE_180;
        default -> ROTATE_90_COUNTERCLOCKWISE;
      });
      image = upright;
    }
    byte[] bytes;
    try (BytePointer jpeg = new BytePointer()) {
      if (!imencode(".jpg", image, jpeg, jpegParams)) {
        throw new IllegalStateException("OpenCV could not encode a JPEG");
      }
      bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
    }
    frames.add(new VideoProbe.SampledFrame(Math.round((micros - firstMicros) / 1000.0), bytes));
    totalBytes += bytes.length;
  }

  /** Converts (and downscales) the decoded picture into {@link #bgr}, whatever its pixel format. */
  private Mat toBgr(AVFrame frame) {
    int w = frame.width();
    int h = frame.height();
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
    int dw = Math.max(1, (int) Math.round(w * scale));
    int dh = Math.max(1, (int) Math.round(h * scale));
    sws = sws_getCachedContext(sws, w, h, frame.format(), dw, dh, AV_PIX_FMT_BGR24, SWS_BILINEAR,
        null, null, (DoublePointer) null);
    if (sws == null) {
      throw new IllegalStateException("swscale cannot convert pixel format " + frame.format());
    }
    // Phone videos are often full-range BT.709; swscale assumes limited-range BT.601 unless told.
    String input = w + "x" + h + "/" + frame.format() + "/" + frame.color_range() + "/" + frame.colorspace();
    if (!input.equals(swsInput)) {
      swsInput = input;
      sws_setColorspaceDetails(sws, sws_getCoefficients(frame.colorspace()),
          frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }
    if (bgr.cols() != dw || bgr.rows() != dh) {
      // swscale's SIMD writes whole blocks past the last pixel of a row (seen: heap corruption
      // at 360 px wide), so rows get a 64-byte aligned stride and the buffer a spare row.
      int stride = (dw * 3 + 63) & ~63;
      long size = (long) stride * (dh + 1);
      if (pixels.capacity() < size) {
        pixels.close();
        pixels = new BytePointer(size);
      }
      bgr.close();
      bgr = new Mat(dh, dw, CV_8UC3, pixels, stride);
      // One packed plane; the other entries are set too, as JavaCPP leaves arrays uninitialised.
      dstData.put(0, pixels).put(1, null).put(2, null).put(3, null);
      dstStride.put(0, stride).put(1, 0).put(2, 0).put(3, 0);
    }
    sws_scale(sws, frame.data(), frame.linesize(), 0, h, dstData, dstStride);
    return bgr;
  }

  @Override
  public void close() {
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    bgr.close();
    pixels.close();
    upright.close();
    dstData.close();
    dstStride.close();
    jpegParams.close();
  }

  /**
   * Clockwise degrees (0, 90, 180 or 270) a player turns the stream's stored frames by to show them
   * upright: from the display matrix (MP4/MOV {@code tkhd}, as phones write it), else from a legacy
   * {@code rotate} tag. Angles in between are rounded to the nearest quarter turn; mirroring is ignored.
   */
  static int displayRotation(AVStream st) {
    AVCodecParameters par = st.codecpar();
    AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
        AV_PKT_DATA_DISPLAYMATRIX);
    double clockwise = 0;
    if (sd != null && !sd.isNull() && sd.size() >= 9 * 4) {
      // FFmpeg reports the matrix's rotation counterclockwise.
      double ccw = av_display_rotation_get(new IntPointer(sd.data()));
      clockwise = Double.isNaN(ccw) ? 0 : -ccw;
    } else {
      AVDictionaryEntry tag = av_dict_get(st.metadata(), "rotate", null, 0);
      if (tag != null && tag.value() != null) {
        try {
          clockwise = Double.parseDouble(tag.value().getString(StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException ignored) {
          // not a number: no rotation
        }
      }
    }
    return Math.floorMod(Math.round(clockwise / 90.0) * 90, 360);
  }
}
