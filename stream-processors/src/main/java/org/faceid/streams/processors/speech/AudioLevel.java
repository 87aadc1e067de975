package org.faceid.streams.processors.speech;

import java.util.Arrays;

/**
 * Brings speech to a fixed level before recognition: the loud frames (speech, not the pauses
 * between digits) to {@link #TARGET_DBFS}, limited so that the peak does not clip. A single
 * click cannot set the gain as it would with peak normalisation, and a quiet speaker (theo's
 * FSDD takes are ~20 dB down) reaches the level the models were trained on.
 */
public final class AudioLevel {

  /** RMS the loud frames are brought to. */
  static final double TARGET_DBFS = -20;
  /** Headroom kept below full scale. */
  static final double PEAK_LIMIT_DBFS = -1;
  /** The frame RMS at this quantile stands for the speech level (frames are 20 ms at 16 kHz). */
  private static final double SPEECH_QUANTILE = 0.9;
  private static final int FRAME = 320;
  private static final double FULL_SCALE = 32768;

  private AudioLevel() {}

  /** A copy of {@code pcm} at the fixed level; digital silence stays silent. */
  public static short[] normalise(short[] pcm) {
    double speechRms = speechRms(pcm);
    int peak = peak(pcm);
    if (speechRms == 0 || peak == 0) {
      return pcm.clone();
    }
    double gain = Math.min(FULL_SCALE * dbToRatio(TARGET_DBFS) / speechRms, FULL_SCALE * dbToRatio(PEAK_LIMIT_DBFS) / peak);
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = clip(pcm[i] * gain);
    }
    return out;
  }

  /** RMS of the loud frames, in sample units. */
  static double speechRms(short[] pcm) {
    int frames = Math.max(1, pcm.length / FRAME);
    double[] rms = new double[frames];
    for (int f = 0; f < frames; f++) {
      int from = f * FRAME;
      int to = Math.min(pcm.length, from + FRAME);
      double energy = 0;
      for (int i = from; i < to; i++) {
        energy += (double) pcm[i] * pcm[i];
      }
      rms[f] = to > from ? Math.sqrt(energy / (to - from)) : 0;
    }
    Arrays.sort(rms);
    return rms[(int) Math.min(frames - 1, Math.floor(SPEECH_QUANTILE * frames))];
  }

  static int peak(short[] pcm) {
    int peak = 0;
    for (short sample : pcm) {
      peak = Math.max(peak, Math.abs(sample));
    }
    return peak;
  }

  static double dbfs(double amplitude) {
    return 20 * Math.log10(amplitude / FULL_SCALE);
  }

  static short clip(double sample) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
  }

  private static double dbToRatio(double db) {
    return Math.pow(10, db / 20);
  }
}
