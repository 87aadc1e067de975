package org.faceid.streams.processors.speech;

import java.util.Random;

/**
 * How a reading of digits reaches the speech stage: pace, level, noise and codec. Applied to real
 * recordings; every condition but the pace ones also applies to whole recordings.
 */
enum ReadingCondition {
  CLEAN("8 kHz recording, upsampled to 16 kHz", 150, 300),
  AAC_8K("AAC 8 kHz 16 kbit/s", 150, 300),
  OPUS_16K("Opus 16 kHz 12 kbit/s", 150, 300),
  QUIET("30 dB down", 150, 300),
  CLIPPED("24 dB up, clipped", 150, 300),
  NOISE_20DB("noise at 20 dB SNR", 150, 300),
  NOISE_10DB("noise at 10 dB SNR", 150, 300),
  FAST("pauses 40-100 ms", 40, 100),
  SLOW("pauses 500-900 ms", 500, 900);

  final String description;
  final int minGapMs;
  final int maxGapMs;

  ReadingCondition(String description, int minGapMs, int maxGapMs) {
    this.description = description;
    this.minGapMs = minGapMs;
    this.maxGapMs = maxGapMs;
  }

  /** Whether the condition is made by composing takes, so does not apply to a whole recording. */
  boolean pace() {
    return this == FAST || this == SLOW;
  }

  short[] apply(short[] pcm16k, Random random) {
    return switch (this) {
      case AAC_8K -> PhoneCodec.AAC_8K.roundTrip(pcm16k);
      case OPUS_16K -> PhoneCodec.OPUS_16K.roundTrip(pcm16k);
      case QUIET -> gain(pcm16k, -30);
      case CLIPPED -> gain(pcm16k, 24);
      case NOISE_20DB -> withNoise(pcm16k, 20, random);
      case NOISE_10DB -> withNoise(pcm16k, 10, random);
      case CLEAN, FAST, SLOW -> pcm16k.clone();
    };
  }

  static short[] gain(short[] pcm, double db) {
    double factor = Math.pow(10, db / 20);
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = AudioLevel.clip(pcm[i] * factor);
    }
    return out;
  }

  /**
   * Gaussian noise, low-passed to the telephone band (no real noise recording is in the corpus),
   * at {@code snrDb} below the speech level (the loud frames, {@link AudioLevel#speechRms}).
   */
  static short[] withNoise(short[] pcm, double snrDb, Random random) {
    double[] noise = new double[pcm.length];
    double previous = 0;
    double energy = 0;
    for (int i = 0; i < noise.length; i++) {
      // One-pole low-pass at about 3 kHz: more like room and line noise than white noise.
      previous = 0.7 * previous + 0.3 * random.nextGaussian();
      noise[i] = previous;
      energy += previous * previous;
    }
    double scale = AudioLevel.speechRms(pcm) * Math.pow(10, -snrDb / 20) / Math.sqrt(energy / Math.max(1, noise.length));
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = AudioLevel.clip(pcm[i] + noise[i] * scale);
    }
    return out;
  }
}
