package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Resamples one audio stream's decoded frames with swresample into 16 kHz mono signed 16-bit PCM
 * (native byte order, little-endian on the supported x86-64/arm64 platforms) and places it on the
 * video's time line: sample 0 is the first video frame's time. Owns its native resources;
 * {@link #close()} frees them.
 *
 * <p>The PCM is bounded by sample count, never by what the container's timestamps claim:
 * <ul>
 *   <li>resampling stops for good once the audio runs more than {@link #MAX_LEAD_MICROS} ahead of
 *       the decoded video (a long audio track under a short video would otherwise fill memory);</li>
 *   <li>audio whose frames hold clearly more samples than their timestamps span is refused: 65,535
 *       FLAC samples per packet stamped 1 ms apart expand a 64 KB upload into gigabytes of PCM;</li>
 *   <li>the output never exceeds {@code maxSamples}, whatever the timestamps say;</li>
 *   <li>{@link #pcm} cuts what outlasts the video by more than {@link #TAIL_MICROS}.</li>
 * </ul>
 */
final class AudioResampler implements AutoCloseable {

  static final int RATE = 16_000;
  /** Muxers interleave streams within a few seconds (FFmpeg's default limit is 10 s). */
  static final long MAX_LEAD_MICROS = 10_000_000;
  /** Audio after the video's end kept, for a word the recording cut a little late. */
  static final long TAIL_MICROS = 1_000_000;
  /**
   * How far the frames' sample count may run ahead of their timestamps. Real tracks agree within
   * tens of milliseconds (encoder priming, rounding); dropped packets only make samples fall behind.
   */
  static final long MAX_SAMPLE_EXCESS_MICROS = 1_000_000;

  /** The most 16 kHz samples one clip's audio may take: {@code maxVideoMicros} plus lead and tail. */
  static long maxSamples(long maxVideoMicros) {
    return samples(maxVideoMicros + MAX_LEAD_MICROS + TAIL_MICROS);
  }

  private final AVChannelLayout mono = new AVChannelLayout();
  private final AVChannelLayout inLayout = new AVChannelLayout();
  private final PointerPointer<BytePointer> outData = new PointerPointer<>(1);
  private SwrContext swr;
  private boolean ready;
  private int inFormat = -1;
  private int inRate = -1;
  private BytePointer out = new BytePointer(0L);
  private byte[] pcm = new byte[64 * 1024];
  private int length;
  private long startMicros = Long.MIN_VALUE;
  private long nextMicros;
  private long lastStampMicros = Long.MIN_VALUE;
  private long sampleMicros;
  private boolean stopped;
  private final long maxSamples;

  /** A resampler whose output never exceeds {@code maxSamples} samples (see {@link #maxSamples}). */
  AudioResampler(long maxSamples) {
    this.maxSamples = maxSamples;
    // Both structs come uninitialised from JavaCPP; make them valid before anything uninits them.
    av_channel_layout_default(mono, 1);
    av_channel_layout_default(inLayout, 1);
  }

  /**
   * Adds a decoded frame starting at {@code micros} (same origin as the video's timestamps, or
   * {@code Long.MIN_VALUE} when the frame has none: it then follows the previous one);
   * {@code videoMicros} is the latest decoded video frame's time, or {@code Long.MIN_VALUE}.
   */
  void add(AVFrame frame, long micros, long videoMicros) throws UnsupportedMediaException {
    if (stopped || frame.nb_samples() <= 0 || frame.sample_rate() <= 0) {
      return;
    }
    if (micros == Long.MIN_VALUE) {
      micros = nextMicros;
    }
    if (startMicros == Long.MIN_VALUE) {
      startMicros = micros;
    }
    checkSamplesMatchTimestamps(micros);
    long frameMicros = Math.round(frame.nb_samples() * 1_000_000.0 / frame.sample_rate());
    sampleMicros += frameMicros;
    nextMicros = micros + frameMicros;
    long reference = videoMicros == Long.MIN_VALUE ? startMicros : videoMicros;
    if (micros - reference > MAX_LEAD_MICROS) {
      stopped = true;
      return;
    }
    try {
      if (!ready || frame.format() != inFormat || frame.sample_rate() != inRate
          || av_channel_layout_compare(frame.ch_layout(), inLayout) != 0) {
        configure(frame);
      }
      convert(frame.extended_data(), frame.nb_samples());
    } catch (UnsupportedMediaException e) {
      // Audio swresample cannot take must not refuse the video: the clip goes on with the sound so
      // far (none, at worst), which the speech stage then hears as no digits.
      stopped = true;
      ready = false;
    }
  }

  /**
   * Refuses a track whose earlier frames held more samples than the time up to this frame's
   * timestamp: decoding it to its end would cost memory the container never admitted to.
   */
  private void checkSamplesMatchTimestamps(long micros) throws UnsupportedMediaException {
    lastStampMicros = Math.max(lastStampMicros, micros);
    long stamped = lastStampMicros - startMicros;
    if (sampleMicros - stamped > MAX_SAMPLE_EXCESS_MICROS) {
      throw new UnsupportedMediaException(String.format(
          "audio frames hold %d ms of samples within %d ms of timestamps", sampleMicros / 1000, stamped / 1000));
    }
  }

  /** True once no more audio is taken: past the lead, the sample budget, or after a resampling failure. */
  boolean stopped() {
    return stopped;
  }

  /** Drains the resampler's delay line; call once after the last frame. */
  void flush() throws UnsupportedMediaException {
    if (ready) {
      convert(null, 0);
    }
  }

  private void configure(AVFrame frame) throws UnsupportedMediaException {
    flush(); // a format change mid-stream: keep what the old configuration still holds
    ready = false;
    if (swr == null) {
      swr = new SwrContext(); // swr_alloc_set_opts2 allocates into it, or reconfigures it later
    }
    av_channel_layout_uninit(inLayout);
    if (av_channel_layout_copy(inLayout, frame.ch_layout()) < 0) {
      throw new IllegalStateException("av_channel_layout_copy failed");
    }
    inFormat = frame.format();
    inRate = frame.sample_rate();
    int ret = swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_S16, RATE, inLayout, inFormat, inRate, 0, null);
    if (ret < 0 || (ret = swr_init(swr)) < 0) {
      throw new UnsupportedMediaException("audio cannot be resampled (" + inRate + " Hz, format " + inFormat
          + ", " + inLayout.nb_channels() + " channels): " + FfmpegErrors.errorText(ret));
    }
    ready = true;
  }

  private void convert(PointerPointer<?> in, int samples) throws UnsupportedMediaException {
    int capacity = swr_get_out_samples(swr, samples);
    if (capacity <= 0) {
      return;
    }
    if (out.capacity() < capacity * 2L) {
      out.close();
      out = new BytePointer((long) capacity * 2);
    }
    outData.put(0, out);
    int n = swr_convert(swr, outData, capacity, in, samples);
    if (n < 0) {
      throw new UnsupportedMediaException("audio resampling failed: " + FfmpegErrors.errorText(n));
    }
    if (length / 2 + (long) n > maxSamples) {
      n = (int) (maxSamples - length / 2); // the budget is spent: keep what fits, take no more
      stopped = true;
    }
    if (length + n * 2 > pcm.length) {
      pcm = Arrays.copyOf(pcm, Math.max(pcm.length * 2, length + n * 2));
    }
    out.position(0).get(pcm, length, n * 2);
    length += n * 2;
  }

  /**
   * The PCM aligned to the video: silence in front when the audio starts after the first video
   * frame, leading samples dropped when it starts before, and the tail cut at the video's end
   * plus {@link #TAIL_MICROS}. Empty when no audio frame was added.
   */
  byte[] pcm(long videoStartMicros, long videoDurationMicros) {
    if (startMicros == Long.MIN_VALUE || length == 0) {
      return new byte[0];
    }
    long offset = samples(startMicros - videoStartMicros);
    long end = Math.min(offset + length / 2, samples(videoDurationMicros + TAIL_MICROS));
    if (end <= 0) {
      return new byte[0];
    }
    byte[] aligned = new byte[(int) end * 2];
    long from = Math.max(0, -offset); // first source sample kept
    long to = Math.max(0, offset); // where it lands
    if (to < end) { // else the audio starts after the video: silence only
      System.arraycopy(pcm, (int) from * 2, aligned, (int) to * 2, (int) (end - to) * 2);
    }
    return aligned;
  }

  private static long samples(long micros) {
    return Math.round(micros * (RATE / 1_000_000.0));
  }

  @Override
  public void close() {
    if (swr != null && !swr.isNull()) {
      swr_free(swr);
    }
    swr = null;
    av_channel_layout_uninit(inLayout);
    av_channel_layout_uninit(mono);
    inLayout.close();
    mono.close();
    outData.close();
    out.close();
  }
}
