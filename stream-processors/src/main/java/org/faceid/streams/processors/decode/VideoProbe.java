package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.faceid.streams.schema.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that an uploaded video is real, complete, decodable media and measures it; {@link #decode}
 * also returns, from the same single decode pass, the compact media the later stages analyze:
 * sampled upright JPEG frames and the audio as 16 kHz mono PCM.
 *
 * <p>Any container and codec FFmpeg reads is accepted. The probe opens the bytes with javacv's
 * {@link FFmpegFrameGrabber} on a {@link DeadlineInput} (javacv provides the in-memory
 * {@code AVIOContext}, container probing and stream selection) and then runs its own decode loop
 * ({@link DecodeLoop}) on the grabber's {@code AVFormatContext}.
 *
 * <h2>Compact media ({@link #decode})</h2>
 * <ul>
 *   <li>Frames: at least 12.5 per second of video, chosen from the measured timestamps (see
 *       {@link FrameSampler}), converted to BGR with swscale, turned upright by the stream's display
 *       rotation (display matrix or {@code rotate} tag, as phones write it), downscaled so the longer
 *       side is at most 640 px and JPEG-encoded; each carries its time from the first decoded frame.</li>
 *   <li>Audio: the first audio stream that decodes, decoded to its end and resampled with
 *       swresample to 16 kHz mono s16le, aligned so sample 0 is the first video frame's time
 *       (see {@link AudioResampler}); empty without audio.</li>
 * </ul>
 * Only frames that are kept are converted. A 5 s 640x480 H.264 + AAC clip took 150-170 ms of one
 * core's CPU time in all (63 JPEGs of them about 50 ms; probing alone about 100 ms), measured by
 * VideoProbeTest on the 2-core build machine.
 *
 * <h2>Why decode every video frame, and why not through {@code grabFrame}</h2>
 * Reading packets only ({@code grabPacket()}) would give timestamps at a fraction of the cost, but it
 * proves nothing about the content: a file whose bytes are damaged, or cut inside the last packet of
 * a container without an index (MPEG-PS/TS, live-written WebM, AVI), still yields packets with
 * plausible timestamps; only the decoder sees that the payload is broken. javacv's
 * {@code grabFrame(..., doProcessing=false, ...)} would decode without converting pixels, but it
 * silently ignores every decoder error and hides the decoded {@code AVFrame}, so it cannot tell a
 * clean frame from a concealed one. Hence the own loop: every video packet goes to a decoder opened
 * here, no pixel is converted (no swscale), and the loop counts
 * <ul>
 *   <li>decoder errors ({@code avcodec_send_packet}/{@code avcodec_receive_frame} &lt; 0),</li>
 *   <li>frames FFmpeg flags as corrupt ({@code AV_FRAME_FLAG_CORRUPT} or {@code decode_error_flags}:
 *       error concealment was needed) and packets the demuxer flags corrupt,</li>
 *   <li>demuxer read errors other than end-of-file (e.g. "partial file" in a cut MP4).</li>
 * </ul>
 * Any of these refuses the file. The loop filter is skipped ({@code skip_loop_filter=all}): it only
 * smooths pixels nobody looks at here, costs about a fifth of H.264 decode time and plays no part in
 * error detection; {@link #decode} keeps it, because its pictures are looked at and H.264 predicts
 * from filtered pictures. The measuring mode the tests use decodes audio only until its first good
 * frame ({@link Result#hasAudio()}).
 *
 * <h2>Truncation</h2>
 * <ul>
 *   <li>MP4/MOV/3GP: every top-level box must lie inside the file ({@link Mp4Boxes}). FFmpeg otherwise plays a file
 *       whose {@code moov} lost its audio {@code trak} as a silent video, and a fragmented MP4 that
 *       lost its last fragment as a shorter one.</li>
 *   <li>When the file states the video's duration (MP4 track header, the per-track DURATION tag of
 *       FFmpeg-written Matroska, else a container duration taken from the streams) and the decoded
 *       media cover less than 90% of it, the file is refused.</li>
 *   <li>Otherwise the cut shows as a damaged last picture (MPEG-PS, MPEG-TS). A cut exactly on a
 *       packet boundary of a container without index or stated duration leaves a valid, shorter
 *       file; it is accepted and its real (shorter) duration reported.</li>
 * </ul>
 *
 * <h2>Duration</h2>
 * Measured, not read from the header: last decoded frame timestamp + one frame duration - first
 * decoded frame timestamp, where one frame duration is the median gap between decoded frame
 * timestamps (else the frame's own duration, else 1/frame rate). A longer audio track does not count.
 *
 * <h2>Safety and bounds</h2>
 * <ul>
 *   <li>Work is bounded by {@code maxDecodeTime} (wall clock; checked after every packet and frame
 *       and inside javacv's read callback, which then reports end-of-file, so even a long native
 *       call such as the container probe stops) and by a cap on decoded video frames. Frames over
 *       8192 x 8192 pixels are refused before decoding.</li>
 *   <li>FFmpeg may open nothing but the upload ({@code protocol_whitelist=none}): without it a
 *       concat script naming a relative path makes FFmpeg read that server-side file.</li>
 *   <li>Single images FFmpeg can read as a one-frame "video" (jpeg_pipe, png_pipe, image2) are
 *       refused.</li>
 *   <li>All native resources (packet, frame, codec contexts, swscale/swresample contexts, OpenCV
 *       matrices, javacv's grabber) are freed on every path; the decoders run single-threaded
 *       (parallelism comes from concurrent requests).</li>
 *   <li>FFmpeg's console log is lowered to {@code AV_LOG_FATAL}, process-wide, when this class is
 *       loaded: what it would print for a bad upload is reported through the exception message.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; probes may run concurrently (javacv serialises only
 * the container-open step).
 */
public final class VideoProbe {

  private static final Logger LOG = LoggerFactory.getLogger(VideoProbe.class);

  /**
   * Measured facts about a decodable video. {@code width} and {@code height} are the stored
   * (decoded) picture's, before any display rotation.
   */
  public record Result(long durationMs, boolean hasAudio, int width, int height, int frameCount) {}

  /** One sampled frame: upright JPEG, presented {@code timestampMs} after the first decoded frame. */
  public record SampledFrame(long timestampMs, byte[] jpeg) {}

  /**
   * The measurement plus the compact media: {@code rotationDegrees} is the clockwise turn applied
   * to the frames (0, 90, 180, 270); {@code audioPcm} is 16 kHz mono s16le, empty without audio.
   */
  public record Decoded(Result result, int rotationDegrees, List<SampledFrame> frames, byte[] audioPcm) {

    /** The sampled frames as the decode stage publishes them. */
    public List<VideoFrame> videoFrames() {
      return frames.stream().map(f -> new VideoFrame(f.timestampMs(), ByteBuffer.wrap(f.jpeg()))).toList();
    }
  }

  /** Sample rate of {@link Decoded#audioPcm()}. */
  public static final int PCM_RATE = AudioResampler.RATE;

  /**
   * The sampled JPEGs of one clip may take this much: they travel in one Kafka record of at most
   * {@code Topics.MAX_MEDIA_RECORD_BYTES} (25 MiB). Real 640x480 frames take 30-40 KB, a 6 s
   * clip at 24 fps (every frame kept) about 6 MB; only noise-like pictures come near the cap.
   */
  public static final long MAX_SAMPLED_BYTES = 16L * 1024 * 1024;

  /** Default frame cap: 60 s at 60 fps. */
  public static final int DEFAULT_MAX_FRAMES = 60 * 60;

  static {
    av_log_set_level(AV_LOG_FATAL);
  }

  private final Duration maxDecodeTime;
  private final int maxFrames;

  /** A probe that gives up after {@code maxDecodeTime} or {@link #DEFAULT_MAX_FRAMES} frames. */
  public VideoProbe(Duration maxDecodeTime) {
    this(maxDecodeTime, DEFAULT_MAX_FRAMES);
  }

  public VideoProbe(Duration maxDecodeTime, int maxFrames) {
    Objects.requireNonNull(maxDecodeTime, "maxDecodeTime");
    if (maxDecodeTime.isNegative() || maxDecodeTime.isZero()) {
      throw new IllegalArgumentException("maxDecodeTime must be positive: " + maxDecodeTime);
    }
    if (maxFrames < 1) {
      throw new IllegalArgumentException("maxFrames must be positive: " + maxFrames);
    }
    this.maxDecodeTime = maxDecodeTime;
    this.maxFrames = maxFrames;
  }

  /**
   * Decodes and measures the whole video, and returns the sampled frames and the audio as 16 kHz
   * mono PCM. The time and frame limits cover all of this work.
   *
   * @throws UnsupportedMediaException when the bytes are not a readable video, are damaged or
   *     truncated, or cannot be checked within the time and frame limits
   */
  public Decoded decode(byte[] video) throws UnsupportedMediaException {
    return decode(video, Long.MAX_VALUE);
  }

  /**
   * {@link #decode}, stopping with {@link DurationExceededException} once the decoded frames span
   * more than {@code maxDurationMs}: the sampled frames and the audio then never grow past what an
   * acceptable clip holds. The sampled JPEGs are also held to {@link #MAX_SAMPLED_BYTES}.
   */
  public Decoded decode(byte[] video, long maxDurationMs) throws UnsupportedMediaException {
    return inspect(video, true, maxDurationMs == Long.MAX_VALUE ? Long.MAX_VALUE : maxDurationMs * 1000);
  }

  /**
   * Opens the container and runs the {@link DecodeLoop} on it. Without {@code media} only the
   * measurement is made (no frame kept, audio decoded up to its first good frame, the loop filter
   * skipped): the measuring mode the tests use to check many files quickly.
   */
  Decoded inspect(byte[] video, boolean media, long maxSpanMicros) throws UnsupportedMediaException {
    Objects.requireNonNull(video, "video");
    if (video.length == 0) {
      throw new UnsupportedMediaException("video is empty (0 bytes)");
    }
    long startNanos = System.nanoTime();
    DeadlineInput in = new DeadlineInput(video, startNanos, maxDecodeTime);
    try (Container grabber = new Container(in)) {
      return inspect(grabber, in, video, media, maxSpanMicros, startNanos);
    }
  }

  private Decoded inspect(Container grabber, DeadlineInput in, byte[] video, boolean media, long maxSpanMicros,
      long startNanos) throws UnsupportedMediaException {
    // javacv opens a decoder for the stream it picks; it is never used here, so keep it cheap:
    // one thread, no RGB buffer. Audio is left to the loop below (setAudioStream to an index that
    // cannot exist), so an audio codec FFmpeg lacks does not make the whole video unreadable.
    grabber.setImageMode(FrameGrabber.ImageMode.RAW);
    grabber.setVideoOption("threads", "1");
    grabber.setAudioStream(Integer.MAX_VALUE);
    // The upload must not make FFmpeg open anything else: playlists (HLS, DASH), concat scripts
    // and the like would otherwise fetch files or URLs they name. Also stops javacv's retry of
    // avformat_open_input, which drops the in-memory AVIO and opens the stream's "file name".
    grabber.setOption("protocol_whitelist", "none");
    try {
      grabber.start();
    } catch (Exception e) {
      in.checkDeadline();
      throw new UnsupportedMediaException("not a readable video: " + FfmpegErrors.javacvMessage(e), e);
    }
    AVFormatContext oc = grabber.getFormatContext();
    String container = oc.iformat().name().getString(StandardCharsets.US_ASCII);
    if (container.equals("image2") || container.endsWith("_pipe")) {
      throw new UnsupportedMediaException("a still image (" + container + "), not a video");
    }
    if (container.startsWith("mov,mp4")) {
      String damage = Mp4Boxes.truncation(video);
      if (damage != null) {
        throw new UnsupportedMediaException("MP4/MOV file is truncated: " + damage);
      }
    }
    try (DecodeLoop loop = new DecodeLoop(oc, grabber.getVideoStream(), in, media, maxSpanMicros, maxFrames)) {
      Decoded decoded = loop.run();
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} {} bytes in {} ms: {}, {} frames sampled, {} PCM bytes ({})",
            media ? "decoded" : "probed", video.length, (System.nanoTime() - startNanos) / 1_000_000,
            decoded.result(), decoded.frames().size(), decoded.audioPcm().length, loop.stats());
      }
      return decoded;
    }
  }

  /**
   * javacv's grabber on the upload, for try-with-resources: closing releases its codec contexts,
   * AVIO buffer and AVFormatContext, and a failed release is logged, never thrown over the verdict.
   */
  private static final class Container extends FFmpegFrameGrabber {
    Container(DeadlineInput in) {
      super(in);
    }

    @Override
    public void close() {
      try {
        release();
      } catch (Exception e) {
        LOG.warn("could not release FFmpegFrameGrabber", e);
      }
    }
  }
}
