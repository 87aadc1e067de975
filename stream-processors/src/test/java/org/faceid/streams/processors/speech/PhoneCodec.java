package org.faceid.streams.processors.speech;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;

import java.nio.ShortBuffer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;
import org.faceid.streams.processors.decode.VideoFixtures;

/** Audio through a lossy phone codec and back, with the FFmpeg that javacv bundles. */
enum PhoneCodec {
  /** AAC-LC at an 8 kHz sample rate, 16 kbit/s, in MP4. */
  AAC_8K(AV_CODEC_ID_AAC, "mp4", 8000, 16_000),
  /** Opus at 16 kHz, 12 kbit/s, in Ogg (FFmpeg's own encoder, which runs at 48 kHz inside). */
  OPUS_16K(AV_CODEC_ID_OPUS, "ogg", 48000, 12_000);

  private final int codec;
  private final String format;
  private final int sampleRate;
  private final int bitrate;

  PhoneCodec(int codec, String format, int sampleRate, int bitrate) {
    this.codec = codec;
    this.format = format;
    this.sampleRate = sampleRate;
    this.bitrate = bitrate;
  }

  /** {@code pcm16k} encoded and decoded again (as the decode stage does: first track, 16 kHz mono). */
  short[] roundTrip(short[] pcm16k) {
    short[] atCodecRate = Resampler.resample(pcm16k, SpokenDigits.RATE, sampleRate);
    SeekableByteArrayOutputStream bytes = new SeekableByteArrayOutputStream();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(bytes, 1)) {
      recorder.setFormat(format);
      recorder.setAudioCodec(codec);
      recorder.setSampleRate(sampleRate);
      recorder.setAudioChannels(1);
      recorder.setAudioBitrate(bitrate);
      recorder.setAudioOption("strict", "experimental");
      recorder.start();
      recorder.recordSamples(sampleRate, 1, ShortBuffer.wrap(atCodecRate));
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot encode " + this, e);
    }
    return VideoFixtures.audio16k(bytes.toByteArray());
  }
}
