package org.faceid.streams.processors.speech;

/**
 * How much of a 16 kHz signal's energy lies above the telephone band. Audio that was recorded or
 * sent at 8 kHz and upsampled has next to nothing above 4 kHz, however it is labelled; a model
 * trained on wideband speech then sees empty upper filter banks and does badly.
 */
final class Bandwidth {

  /** Energy above this frequency counts as wideband. */
  static final int SPLIT_HZ = 4200;
  private static final int SAMPLE_RATE = 16000;
  private static final int HALF_WIDTH = 64;
  private static final double[] LOW_PASS = lowPass((double) SPLIT_HZ / SAMPLE_RATE);

  private Bandwidth() {}

  /**
   * Energy above {@link #SPLIT_HZ} relative to the whole, in dB (very negative for
   * telephone-band audio; {@code -Infinity} for silence).
   */
  static double highBandDb(short[] pcm16k) {
    double total = 0;
    double high = 0;
    // Only where the filter lies wholly inside the signal: a cut-off edge would count as high band.
    for (int n = HALF_WIDTH; n < pcm16k.length - HALF_WIDTH; n++) {
      double low = 0;
      for (int j = -HALF_WIDTH; j <= HALF_WIDTH; j++) {
        low += LOW_PASS[j + HALF_WIDTH] * pcm16k[n + j];
      }
      double rest = pcm16k[n] - low;
      total += (double) pcm16k[n] * pcm16k[n];
      high += rest * rest;
    }
    return total == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(high / total);
  }

  /** Blackman-windowed sinc with cut-off {@code cutoff} cycles per sample, unit gain at DC. */
  private static double[] lowPass(double cutoff) {
    double[] taps = new double[2 * HALF_WIDTH + 1];
    double sum = 0;
    for (int j = -HALF_WIDTH; j <= HALF_WIDTH; j++) {
      taps[j + HALF_WIDTH] = Resampler.sinc(2 * cutoff * j) * Resampler.blackman(j / (HALF_WIDTH + 1.0));
      sum += taps[j + HALF_WIDTH];
    }
    for (int j = 0; j < taps.length; j++) {
      taps[j] /= sum;
    }
    return taps;
  }
}
