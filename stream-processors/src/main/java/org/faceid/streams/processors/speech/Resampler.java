package org.faceid.streams.processors.speech;

/**
 * Band-limited sample-rate conversion between any two integer rates: a Blackman-windowed sinc
 * low-pass at 95% of the lower Nyquist frequency, evaluated as a polyphase filter. Linear
 * interpolation would leave images above the old Nyquist frequency, which the bandwidth test
 * would then take for real wideband speech.
 */
public final class Resampler {

  /** Sinc zero crossings on each side of the centre: about 75 dB stopband with Blackman. */
  private static final int ZERO_CROSSINGS = 16;
  private static final double PASSBAND = 0.95;

  private final int up;
  private final int down;
  /** taps[phase][j] weighs input sample floor(t) + j - halfWidth + 1 for output phase. */
  private final double[][] taps;
  private final int halfWidth;

  Resampler(int fromHz, int toHz) {
    if (fromHz <= 0 || toHz <= 0) {
      throw new IllegalArgumentException("sample rates must be positive: " + fromHz + " -> " + toHz);
    }
    int gcd = gcd(fromHz, toHz);
    up = toHz / gcd;
    down = fromHz / gcd;
    // Cut-off in cycles per input sample, below the Nyquist frequency of the lower rate.
    double cutoff = 0.5 * PASSBAND * Math.min(1.0, (double) up / down);
    halfWidth = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
    taps = new double[up][2 * halfWidth];
    for (int phase = 0; phase < up; phase++) {
      double fraction = (double) phase / up;
      for (int j = 0; j < 2 * halfWidth; j++) {
        double distance = fraction - (j - halfWidth + 1);
        taps[phase][j] = 2 * cutoff * sinc(2 * cutoff * distance) * blackman(distance / halfWidth);
      }
    }
  }

  public static short[] resample(short[] pcm, int fromHz, int toHz) {
    return fromHz == toHz ? pcm.clone() : new Resampler(fromHz, toHz).apply(pcm);
  }

  short[] apply(short[] pcm) {
    int outLength = (int) ((long) pcm.length * up / down);
    short[] out = new short[outLength];
    for (int n = 0; n < outLength; n++) {
      long position = (long) n * down;
      int base = (int) (position / up);
      double[] phaseTaps = taps[(int) (position % up)];
      double sum = 0;
      int first = base - halfWidth + 1;
      for (int j = Math.max(0, -first); j < phaseTaps.length && first + j < pcm.length; j++) {
        sum += phaseTaps[j] * pcm[first + j];
      }
      out[n] = AudioLevel.clip(sum);
    }
    return out;
  }

  static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  /** Blackman window on [-1, 1], zero outside. */
  static double blackman(double x) {
    return Math.abs(x) >= 1 ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
