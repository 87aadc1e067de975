package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The speech envelope lip sync is measured against: log energy of the 300-3000 Hz band (where the
 * vowel formants that follow the mouth opening lie), and the voice activity derived from it.
 */
public final class AudioEnvelope {

  public static final int SAMPLE_RATE = 16_000;
  static final double LOW_HZ = 300;
  static final double HIGH_HZ = 3000;
  /** 25 ms analysis window: one pitch period or more, short enough for syllable onsets. */
  private static final int WINDOW = 400;
  /** Power floor (-90 dB full scale) added before the log, so digital silence stays finite. */
  private static final double FLOOR = 1e-9;

  /** Voice activity: the envelope is smoothed over 50 ms before thresholding. */
  private static final int VAD_SMOOTH_MS = 50;
  /** Speech is above floor + this share of the floor-to-peak range (10th to 95th percentile). */
  private static final double VAD_LEVEL = 0.4;
  /** Below 10 dB between the quiet and the loud parts there is no speech/pause structure to find. */
  private static final double VAD_MIN_RANGE = Math.log(10);
  /** Gaps shorter than this (stop closures inside a word) do not split a span. */
  private static final int VAD_BRIDGE_MS = 150;
  /** Shorter blips (clicks) are not speech. */
  private static final int VAD_MIN_SPAN_MS = 60;

  private AudioEnvelope() {}

  /**
   * Natural log of the mean power (full scale = 1) of the 300-3000 Hz band, one value per
   * 1/rateHz s: value k describes the 25 ms around the middle of [k/rate, (k+1)/rate).
   */
  public static float[] logBand(short[] pcm16k, int rateHz) {
    if (rateHz <= 0 || rateHz > SAMPLE_RATE / 10) {
      throw new IllegalArgumentException("envelope rate " + rateHz + " Hz");
    }
    int hop = SAMPLE_RATE / rateHz;
    int window = Math.max(WINDOW, hop);
    int size = Integer.highestOneBit(window - 1) << 1;
    double[] hann = new double[window];
    double windowPower = 0;
    for (int i = 0; i < window; i++) {
      hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / window);
      windowPower += hann[i] * hann[i];
    }
    int firstBin = (int) Math.ceil(LOW_HZ * size / SAMPLE_RATE);
    int lastBin = (int) Math.floor(HIGH_HZ * size / SAMPLE_RATE);
    // Parseval: one-sided bins count twice; dividing by size * sum(w^2) gives mean power.
    double scale = 2.0 / (size * windowPower * 32768.0 * 32768.0);
    float[] envelope = new float[pcm16k.length / hop];
    double[] re = new double[size];
    double[] im = new double[size];
    for (int k = 0; k < envelope.length; k++) {
      int start = k * hop + hop / 2 - window / 2;
      Arrays.fill(re, 0);
      Arrays.fill(im, 0);
      for (int i = 0; i < window; i++) {
        int s = start + i;
        re[i] = s >= 0 && s < pcm16k.length ? pcm16k[s] * hann[i] : 0;
      }
      fft(re, im);
      double power = 0;
      for (int b = firstBin; b <= lastBin; b++) {
        power += re[b] * re[b] + im[b] * im[b];
      }
      envelope[k] = (float) Math.log(power * scale + FLOOR);
    }
    return envelope;
  }

  /**
   * Voice-activity spans [start, end) in ms of an envelope from {@link #logBand}: where it rises
   * well above the clip's own quiet level. Empty when the clip has no loud/quiet contrast (silence,
   * steady noise).
   */
  public static List<long[]> speechSpans(float[] envelope, int rateHz) {
    return spans(envelope, rateHz, VAD_LEVEL, VAD_BRIDGE_MS, VAD_MIN_SPAN_MS);
  }

  /**
   * Spans where the smoothed envelope exceeds {@code level} of its quiet-to-loud range, joined
   * across gaps shorter than {@code bridgeMs} and kept when at least {@code minSpanMs} long.
   */
  static List<long[]> spans(float[] envelope, int rateHz, double level, int bridgeMs, int minSpanMs) {
    List<long[]> spans = new ArrayList<>();
    if (envelope.length == 0) {
      return spans;
    }
    double msPerFrame = 1000.0 / rateHz;
    double[] smooth = movingAverage(envelope, Math.max(1, (int) Math.round(VAD_SMOOTH_MS / msPerFrame)));
    double[] sorted = smooth.clone();
    Arrays.sort(sorted);
    double quiet = Stats.quantileOfSorted(sorted, 0.10);
    double loud = Stats.quantileOfSorted(sorted, 0.95);
    if (loud - quiet < VAD_MIN_RANGE) {
      return spans;
    }
    double threshold = quiet + level * (loud - quiet);
    for (int i = 0; i < smooth.length; ) {
      if (smooth[i] <= threshold) {
        i++;
        continue;
      }
      int j = i;
      while (j < smooth.length && smooth[j] > threshold) {
        j++;
      }
      long start = Math.round(i * msPerFrame);
      long end = Math.round(j * msPerFrame);
      long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
      if (last != null && start - last[1] < bridgeMs) {
        last[1] = end;
      } else {
        spans.add(new long[] {start, end});
      }
      i = j;
    }
    spans.removeIf(s -> s[1] - s[0] < minSpanMs);
    return spans;
  }

  static double[] movingAverage(float[] x, int width) {
    double[] out = new double[x.length];
    int half = width / 2;
    for (int i = 0; i < x.length; i++) {
      int from = Math.max(0, i - half);
      int to = Math.min(x.length, i - half + width);
      double sum = 0;
      for (int j = from; j < to; j++) {
        sum += x[j];
      }
      out[i] = sum / (to - from);
    }
    return out;
  }

  /** In-place iterative radix-2 FFT; the length must be a power of two. */
  static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      double wr = Math.cos(angle);
      double wi = Math.sin(angle);
      for (int i = 0; i < n; i += len) {
        double cr = 1;
        double ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k;
          int b = a + len / 2;
          double tr = re[b] * cr - im[b] * ci;
          double ti = re[b] * ci + im[b] * cr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
          double next = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = next;
        }
      }
    }
  }
}
