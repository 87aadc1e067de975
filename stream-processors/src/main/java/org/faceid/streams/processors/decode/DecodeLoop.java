package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_STREAM;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.faceid.streams.processors.decode.VideoProbe.MAX_SAMPLED_BYTES;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.faceid.streams.processors.decode.VideoProbe.Decoded;
import org.faceid.streams.processors.decode.VideoProbe.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe's decode loop on an opened container ({@link VideoProbe} opens it): every video packet
 * through a decoder opened here, audio as far as needed, counting every error and corrupt frame,
 * and the verdict on the whole file (see {@link VideoProbe} for why each check exists). With
 * {@code media}, the kept frames go to a {@link FrameSampler} and the chosen audio stream to an
 * {@link AudioResampler}. It holds the decode's state and native objects; {@link #close} frees them.
 */
final class DecodeLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecodeLoop.class);

  /** Audio kept by a decode without a duration limit: as long as the default frame cap. */
  static final long MAX_UNBOUNDED_AUDIO_MICROS = 60_000_000;

  /** Decoded video must cover at least this share of a duration the container states. */
  static final double MIN_HEADER_COVERAGE = 0.90;

  /** Frames larger than 8192 x 8192 are refused before any is decoded. */
  static final long MAX_PIXELS = 8192L * 8192L;

  private final AVFormatContext oc;
  private final int videoIndex;
  private final DeadlineInput in;
  private final boolean media;

  private int frames;
  private int width;
  private int height;
  private int corruptFrames;
  private int corruptPackets;
  private int videoErrors;
  private int readError;
  private int framesBeforeFirstError = -1;
  private long[] timestamps = new long[256];
  private int timestampCount;
  private long lastFrameDuration;
  private boolean audioDecoded;
  private long audioEndMicros = Long.MIN_VALUE;
  private long durationMicros;
  // Native objects, opened by run() and freed by close().
  private AVCodecContext videoDecoder;
  private AVCodecContext[] audio = new AVCodecContext[0];
  private AVPacket pkt;
  private AVFrame frame;
  // Compact media, only when asked for: the sampler, the resampler and the audio stream it takes.
  private FrameSampler sampler;
  private AudioResampler resampler;
  private int pcmIndex = -1;
  private long firstVideoMicros = Long.MIN_VALUE;
  private long lastVideoMicros = Long.MIN_VALUE;
  private final long maxSpanMicros;
  private final int maxFrames;

  DecodeLoop(AVFormatContext oc, int videoIndex, DeadlineInput in, boolean media, long maxSpanMicros, int maxFrames) {
    this.maxSpanMicros = maxSpanMicros;
    this.maxFrames = maxFrames;
    this.oc = oc;
    this.videoIndex = videoIndex;
    this.in = in;
    this.media = media;
  }

  /** Decodes the whole video (and audio as far as needed) and judges it; {@link #close} frees what it opened. */
  Decoded run() throws UnsupportedMediaException {
    int streams = oc.nb_streams();
    if (videoIndex < 0 || videoIndex >= streams) {
      throw new UnsupportedMediaException("no video stream");
    }
    AVStream videoStream = oc.streams(videoIndex);
    AVCodecParameters par = videoStream.codecpar();
    if ((long) par.width() * par.height() > MAX_PIXELS) {
      throw new UnsupportedMediaException(
          "video frame size " + par.width() + "x" + par.height() + " is too large");
    }
    int rotation = FrameSampler.displayRotation(videoStream);
    openDecoders(videoStream, streams);
    pkt = av_packet_alloc();
    frame = av_frame_alloc();
    if (pkt == null || frame == null) {
      throw new IllegalStateException("av_packet_alloc/av_frame_alloc failed");
    }
    if (media) {
      sampler = new FrameSampler(rotation);
      resampler = new AudioResampler(AudioResampler.maxSamples(
          Math.min(maxSpanMicros, MAX_UNBOUNDED_AUDIO_MICROS)));
    }
    readPackets();
    in.checkDeadline();
    decodeVideo(null); // drain delayed frames
    for (int i = 0; i < audio.length; i++) {
      if (audio[i] != null && (!audioDecoded || i == pcmIndex)) {
        decodeAudio(i, null);
      }
    }
    Result result = verdict(videoStream);
    if (!media) {
      return new Decoded(result, rotation, List.of(), new byte[0]);
    }
    resampler.flush();
    return new Decoded(result, rotation, List.copyOf(sampler.frames()),
        resampler.pcm(firstVideoMicros, durationMicros));
  }

  /** The video decoder, and one for each audio stream FFmpeg can decode; every other stream is discarded. */
  private void openDecoders(AVStream videoStream, int streams) throws UnsupportedMediaException {
    audio = new AVCodecContext[streams];
    videoDecoder = openDecoder(videoStream, true, !media);
    for (int i = 0; i < streams; i++) {
      AVStream st = oc.streams(i);
      int type = st.codecpar().codec_type();
      if (i != videoIndex && type == AVMEDIA_TYPE_AUDIO) {
        try {
          audio[i] = openDecoder(st, false, false);
        } catch (UnsupportedMediaException e) {
          LOG.debug("audio stream {} not decodable: {}", i, e.getMessage());
          st.discard(AVDISCARD_ALL);
        }
      } else if (i != videoIndex) {
        st.discard(AVDISCARD_ALL); // subtitles, data, extra video: not even demuxed
      }
    }
  }

  /** Every packet of the file, up to its end or the first read error (which refuses it later). */
  private void readPackets() throws UnsupportedMediaException {
    int eagain = 0;
    while (true) {
      in.checkDeadline();
      int ret = av_read_frame(oc, pkt);
      if (ret == AVERROR_EAGAIN()) {
        if (++eagain > 1000) {
          throw new UnsupportedMediaException("demuxer keeps returning EAGAIN");
        }
        continue;
      }
      if (ret < 0) {
        if (ret != AVERROR_EOF()) {
          readError = ret;
        }
        return;
      }
      try {
        int index = pkt.stream_index();
        if (index == videoIndex) {
          if ((pkt.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
            corruptPackets++;
            noteError();
          }
          decodeVideo(pkt);
        } else if (index >= 0 && index < audio.length && audio[index] != null) {
          AVStream st = oc.streams(index);
          if (pkt.pts() != AV_NOPTS_VALUE) {
            long end = toMicros(pkt.pts() + Math.max(0, pkt.duration()), st.time_base());
            audioEndMicros = Math.max(audioEndMicros, end);
          }
          if (!audioDecoded || (index == pcmIndex && !resampler.stopped())) {
            decodeAudio(index, pkt);
          }
        }
      } finally {
        av_packet_unref(pkt);
      }
    }
  }

  /** Frees every native object the loop opened, whichever way it ended. */
  @Override
  public void close() {
    if (sampler != null) {
      sampler.close();
    }
    if (resampler != null) {
      resampler.close();
    }
    if (frame != null) {
      av_frame_free(frame);
    }
    if (pkt != null) {
      av_packet_free(pkt);
    }
    if (videoDecoder != null) {
      avcodec_free_context(videoDecoder);
    }
    for (AVCodecContext c : audio) {
      if (c != null) {
        avcodec_free_context(c);
      }
    }
  }

  /** Decodes one video packet (null: drains the decoder). */
  private void decodeVideo(AVPacket pkt) throws UnsupportedMediaException {
    AVCodecContext c = videoDecoder;
    int ret = avcodec_send_packet(c, pkt);
    if (ret < 0 && ret != AVERROR_EAGAIN() && ret != AVERROR_EOF()) {
      videoErrors++;
      noteError();
    }
    while (true) {
      ret = avcodec_receive_frame(c, frame);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF()) {
        return;
      }
      if (ret < 0) {
        videoErrors++;
        noteError();
        return;
      }
      try {
        onVideoFrame();
      } finally {
        av_frame_unref(frame);
      }
      in.checkDeadline();
    }
  }

  private void onVideoFrame() throws UnsupportedMediaException {
    if (++frames > maxFrames) {
      throw new UnsupportedMediaException("video has more than " + maxFrames + " frames");
    }
    if (frames == 1) {
      width = frame.width();
      height = frame.height();
    }
    if ((frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
      corruptFrames++;
      noteError();
    }
    long ts = frame.best_effort_timestamp();
    if (ts != AV_NOPTS_VALUE) {
      if (timestampCount == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
      }
      timestamps[timestampCount++] = ts;
    }
    if (frame.duration() > 0) {
      lastFrameDuration = frame.duration();
    }
    if (sampler != null) {
      AVStream st = oc.streams(videoIndex);
      long micros;
      if (ts != AV_NOPTS_VALUE) {
        micros = toMicros(ts, st.time_base());
      } else { // no timestamp (raw streams): one frame after the previous
        micros = lastVideoMicros == Long.MIN_VALUE ? 0
            : lastVideoMicros + toMicros(frameDuration(st), st.time_base());
      }
      if (firstVideoMicros == Long.MIN_VALUE) {
        firstVideoMicros = micros;
      }
      lastVideoMicros = Math.max(lastVideoMicros, micros);
      if (micros - firstVideoMicros > maxSpanMicros) {
        throw new DurationExceededException("video runs past " + maxSpanMicros / 1000 + " ms");
      }
      sampler.offer(frame, micros);
      if (sampler.bytes() > MAX_SAMPLED_BYTES) {
        throw new UnsupportedMediaException("sampled frames exceed " + MAX_SAMPLED_BYTES + " bytes of JPEG");
      }
    }
  }

  private void noteError() {
    if (framesBeforeFirstError < 0) {
      framesBeforeFirstError = frames;
    }
  }

  /**
   * Decodes one audio packet (null: drains). The first stream to yield a good frame proves
   * the audio; when media are collected, that stream is also the one resampled to PCM.
   */
  private void decodeAudio(int index, AVPacket pkt) throws UnsupportedMediaException {
    AVCodecContext c = audio[index];
    if (avcodec_send_packet(c, pkt) < 0) {
      return;
    }
    while (avcodec_receive_frame(c, frame) >= 0) {
      try {
        if (frame.nb_samples() > 0 && frame.decode_error_flags() == 0
            && (frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) == 0 && !audioDecoded) {
          audioDecoded = true;
          if (resampler != null) {
            pcmIndex = index;
          }
        }
        if (index == pcmIndex) {
          long ts = frame.best_effort_timestamp();
          resampler.add(frame, ts == AV_NOPTS_VALUE ? Long.MIN_VALUE
              : toMicros(ts, oc.streams(index).time_base()), lastVideoMicros);
        }
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private Result verdict(AVStream videoStream) throws UnsupportedMediaException {
    if (frames == 0) {
      throw new UnsupportedMediaException("no decodable video frame" + errorSummary());
    }
    if (videoErrors > 0 || corruptFrames > 0 || corruptPackets > 0 || readError != 0) {
      throw new UnsupportedMediaException("video is damaged or truncated" + errorSummary());
    }
    AVRational tb = videoStream.time_base();
    long frameDuration = frameDuration(videoStream);
    long span;
    if (timestampCount >= 2) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < timestampCount; i++) {
        min = Math.min(min, timestamps[i]);
        max = Math.max(max, timestamps[i]);
      }
      span = max - min + frameDuration;
    } else {
      span = (long) frames * frameDuration;
    }
    durationMicros = toMicros(span, tb);
    if (durationMicros <= 0) {
      throw new UnsupportedMediaException("video has no measurable duration");
    }
    checkCoverage(videoStream, durationMicros);
    return new Result(Math.round(durationMicros / 1000.0), audioDecoded, width, height, frames);
  }

  /** One frame's duration in stream time base units. */
  private long frameDuration(AVStream st) {
    if (timestampCount >= 2) {
      long[] deltas = new long[timestampCount - 1];
      int n = 0;
      for (int i = 1; i < timestampCount; i++) {
        long d = timestamps[i] - timestamps[i - 1];
        if (d > 0) {
          deltas[n++] = d;
        }
      }
      if (n > 0) {
        Arrays.sort(deltas, 0, n);
        return deltas[n / 2];
      }
    }
    if (lastFrameDuration > 0) {
      return lastFrameDuration;
    }
    AVRational rate = st.avg_frame_rate().num() > 0 ? st.avg_frame_rate() : st.r_frame_rate();
    AVRational tb = st.time_base();
    if (rate.num() > 0 && rate.den() > 0 && tb.num() > 0) {
      // (1 / rate) seconds in units of tb
      return Math.max(1, Math.round((double) rate.den() * tb.den() / ((double) rate.num() * tb.num())));
    }
    return 0;
  }

  /** Refuses a file whose decoded media cover clearly less than the duration it states. */
  private void checkCoverage(AVStream videoStream, long durationMicros) throws UnsupportedMediaException {
    long stated;
    long covered;
    String what;
    long tagged = taggedDurationMicros(videoStream);
    if (videoStream.duration() != AV_NOPTS_VALUE && videoStream.duration() > 0) {
      stated = toMicros(videoStream.duration(), videoStream.time_base());
      covered = durationMicros;
      what = "video stream header";
    } else if (tagged > 0) {
      stated = tagged;
      covered = durationMicros;
      what = "video track DURATION tag";
    } else if (oc.duration() != AV_NOPTS_VALUE && oc.duration() > 0
        && oc.duration_estimation_method() == AVFMT_DURATION_FROM_STREAM) {
      // Container duration covers all streams; audio may legitimately outlast the video.
      stated = oc.duration();
      covered = Math.max(durationMicros, audioEndMicros == Long.MIN_VALUE ? 0
          : audioEndMicros - Math.max(0, oc.start_time() == AV_NOPTS_VALUE ? 0 : oc.start_time()));
      what = "container header";
    } else {
      return; // duration only estimated from timestamps or bitrate: nothing stated to compare
    }
    if (covered < stated * MIN_HEADER_COVERAGE) {
      throw new UnsupportedMediaException(String.format(
          "video is truncated: decoded %d ms of the %d ms its %s states",
          covered / 1000, stated / 1000, what));
    }
  }

  private String errorSummary() {
    StringBuilder sb = new StringBuilder();
    sb.append(" (").append(frames).append(" frames decoded");
    if (videoErrors > 0) {
      sb.append(", ").append(videoErrors).append(" decoder errors");
    }
    if (corruptFrames > 0) {
      sb.append(", ").append(corruptFrames).append(" corrupt frames");
    }
    if (corruptPackets > 0) {
      sb.append(", ").append(corruptPackets).append(" corrupt packets");
    }
    if (readError != 0) {
      sb.append(", read error: ").append(FfmpegErrors.errorText(readError));
    }
    if (framesBeforeFirstError >= 0) {
      sb.append(", first error after frame ").append(framesBeforeFirstError);
    }
    return sb.append(')').toString();
  }

  String stats() {
    return "frames=" + frames + " ts=" + timestampCount + " videoErrors=" + videoErrors
        + " corruptFrames=" + corruptFrames + " corruptPackets=" + corruptPackets
        + " readError=" + readError + " firstErrorAt=" + framesBeforeFirstError
        + " streamDuration=" + oc.streams(videoIndex).duration()
        + " ocDuration=" + oc.duration() + " method=" + oc.duration_estimation_method()
        + " audioEnd=" + audioEndMicros;
  }

  private static AVCodecContext openDecoder(AVStream st, boolean video, boolean skipLoopFilter)
      throws UnsupportedMediaException {
    AVCodecParameters par = st.codecpar();
    AVCodec codec = avcodec_find_decoder(par.codec_id());
    String kind = video ? "video" : "audio";
    if (codec == null) {
      throw new UnsupportedMediaException("no " + kind + " decoder for codec "
          + avcodec_get_name(par.codec_id()).getString(StandardCharsets.US_ASCII));
    }
    AVCodecContext c = avcodec_alloc_context3(codec);
    if (c == null) {
      throw new IllegalStateException("avcodec_alloc_context3 failed");
    }
    boolean opened = false;
    try {
      int ret = avcodec_parameters_to_context(c, par);
      if (ret < 0) {
        throw new UnsupportedMediaException("bad " + kind + " stream parameters: " + FfmpegErrors.errorText(ret));
      }
      c.pkt_timebase(st.time_base());
      c.thread_count(1);
      if (video) {
        c.max_pixels(MAX_PIXELS);
      }
      if (skipLoopFilter) {
        c.skip_loop_filter(AVDISCARD_ALL);
      }
      ret = avcodec_open2(c, codec, (AVDictionary) null);
      if (ret < 0) {
        throw new UnsupportedMediaException("cannot open " + kind + " decoder "
            + codec.name().getString(StandardCharsets.US_ASCII) + ": " + FfmpegErrors.errorText(ret));
      }
      opened = true;
      return c;
    } finally {
      if (!opened) {
        avcodec_free_context(c);
      }
    }
  }

  /**
   * The per-track {@code DURATION} tag FFmpeg's Matroska/WebM muxer writes ("HH:MM:SS.nnnnnnnnn"),
   * or 0. Used in preference to the segment duration, which covers all tracks and can overstate
   * the video (e.g. when the muxer counted flushed-but-empty audio packets).
   */
  private static long taggedDurationMicros(AVStream st) {
    AVDictionaryEntry e = av_dict_get(st.metadata(), "DURATION", null, 0);
    if (e == null || e.value() == null) {
      return 0;
    }
    String[] hms = e.value().getString(StandardCharsets.US_ASCII).trim().split(":");
    try {
      if (hms.length == 3) {
        double seconds = Long.parseLong(hms[0]) * 3600.0 + Long.parseLong(hms[1]) * 60.0
            + Double.parseDouble(hms[2]);
        return Math.round(seconds * 1_000_000);
      }
    } catch (NumberFormatException ignored) {
      // not the tag we know
    }
    return 0;
  }

  private static long toMicros(long value, AVRational tb) {
    return Math.round(value * 1_000_000.0 * tb.num() / tb.den());
  }
}
