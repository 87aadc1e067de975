package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.speech.SpokenDigits;

/**
 * A clip's speech replaced by spoken digits at the times of its own words: the stand-in for a
 * genuine validate_video recording (the mouth moves when a digit is voiced and rests in the
 * pauses), built from real talking faces and real digit recordings.
 */
public final class RevoicedSpeech {

  private static final int RATE = 100;
  private static final int MS = AudioEnvelope.SAMPLE_RATE / 1000;
  /** Words: half-way up the envelope's range, split only by pauses of 100 ms or more. */
  private static final double WORD_LEVEL = 0.5;
  private static final int WORD_GAP_MS = 100;
  private static final int MIN_WORD_MS = 80;
  /** A word at least twice this long may be split at its quietest point (more digits than words). */
  private static final int MIN_SPLIT_PART_MS = 150;
  /** Digits are stretched or squeezed to their word's length, by at most this factor. */
  private static final double MAX_STRETCH = 1.6;
  /** A digit's silent edges: quieter than its loudest 10 ms by more than 26 dB. */
  private static final double TRIM_BELOW_PEAK = 6.0;
  /** Gap kept before the next digit's word. */
  private static final int GAP_BEFORE_NEXT_MS = 30;

  /** The re-voiced audio and where each digit was placed ([start, end] ms, in order). */
  public record Revoiced(short[] audio, List<long[]> digitSpans) {}

  /** validate_video needs 3 s at least; a shorter reading is padded with silence (the face holds still). */
  public static final double MIN_CLIP_SECONDS = 3.3;

  private RevoicedSpeech() {}

  /**
   * A real talking face reading {@code digits}: the digits as one FSDD speaker reads them (natural
   * takes and pauses, SpokenDigits), and the face's pictures re-timed so that each digit is
   * articulated by one of the speaker's own words (the loudest-longest ones, in order), the pauses
   * by what lies between them. The audio is untouched, so the recogniser hears real speech; the
   * mouth moves with it at its real articulation, slowed or sped up to each digit's length.
   */
  public static byte[] retimedClip(byte[] talkingFace, String digits, String speaker, int take) {
    return retimedClip(talkingFace, digits, speaker, take, MIN_CLIP_SECONDS);
  }

  /** {@link #retimedClip} at least {@code minSeconds} long (silence and a resting face after the reading). */
  public static byte[] retimedClip(byte[] talkingFace, String digits, String speaker, int take, double minSeconds) {
    SpokenDigits.Utterance reading = SpokenDigits.compose(digits, speaker, take);
    java.util.function.DoubleUnaryOperator sourceTime = sourceTime(VideoFixtures.audio16k(talkingFace), reading);
    double seconds = Math.max(minSeconds, reading.pcm().length / (double) SpokenDigits.RATE);
    short[] audio = Arrays.copyOf(reading.pcm(), (int) Math.round(seconds * SpokenDigits.RATE));
    return VideoFixtures.retimed(talkingFace, audio, sourceTime, seconds);
  }

  /**
   * Where in the talking face's own time (s) the re-timed clip is at time t (s): each digit of the
   * reading mapped onto one of the face's words, linearly in between (see {@link #piecewiseLinear}).
   */
  static java.util.function.DoubleUnaryOperator sourceTime(short[] faceAudio16k, SpokenDigits.Utterance reading) {
    int count = reading.spans().size();
    List<long[]> words = chosenWords(AudioEnvelope.logBand(faceAudio16k, RATE), count);
    if (words.size() != count) {
      throw new IllegalArgumentException("the clip has " + words.size() + " words for " + count + " digits");
    }
    double[] out = new double[2 * count];
    double[] in = new double[2 * count];
    for (int k = 0; k < count; k++) {
      out[2 * k] = reading.spans().get(k).startMs() / 1000.0;
      out[2 * k + 1] = reading.spans().get(k).endMs() / 1000.0;
      in[2 * k] = words.get(k)[0] / 1000.0;
      in[2 * k + 1] = words.get(k)[1] / 1000.0;
    }
    return t -> piecewiseLinear(out, in, t);
  }

  /**
   * Through the knots (x[i], y[i]), x and y increasing; slope 1 before the first (the lead-in), and
   * the last knot held after the last: the face rests once the reading ends instead of going on
   * with the rest of its own sentence.
   */
  static double piecewiseLinear(double[] x, double[] y, double t) {
    if (t <= x[0]) {
      return y[0] - (x[0] - t);
    }
    for (int i = 1; i < x.length; i++) {
      if (t <= x[i]) {
        return y[i - 1] + (y[i] - y[i - 1]) * (t - x[i - 1]) / (x[i] - x[i - 1]);
      }
    }
    return y[x.length - 1];
  }

  /** {@link #align}'s audio: same length as the original, silence outside the digits. */
  public static short[] digitsAlignedTo(short[] originalAudio16k, String digits,
      Function<Character, short[]> digitAudio16k) {
    return align(originalAudio16k, digits, digitAudio16k).audio();
  }

  /**
   * Finds the original's words from its envelope, keeps the loudest-longest ones (one per digit,
   * splitting long words when there are fewer words than digits) and puts each digit recording at
   * its word's onset, fitted to the word's length and scaled to the word's level.
   */
  public static Revoiced align(short[] originalAudio16k, String digits,
      Function<Character, short[]> digitAudio16k) {
    float[] envelope = AudioEnvelope.logBand(originalAudio16k, RATE);
    List<long[]> words = chosenWords(envelope, digits.length());
    short[] out = new short[originalAudio16k.length];
    List<long[]> placed = new ArrayList<>();
    for (int k = 0; k < words.size(); k++) {
      long[] word = words.get(k);
      short[] digit = trimSilence(digitAudio16k.apply(digits.charAt(k)));
      int wordSamples = (int) ((word[1] - word[0]) * MS);
      int length = (int) Math.round(Math.max(digit.length / MAX_STRETCH,
          Math.min(digit.length * MAX_STRETCH, wordSamples)));
      double[] fitted = resample(digit, length);
      int start = (int) (word[0] * MS);
      int limit = k + 1 < words.size()
          ? (int) ((words.get(k + 1)[0] - GAP_BEFORE_NEXT_MS) * MS) : out.length;
      int end = Math.min(Math.min(out.length, limit), start + length);
      double gain = rms(originalAudio16k, start, start + wordSamples) / rms(fitted, 0, end - start);
      for (int i = start; i < end; i++) {
        out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
            Math.round(fitted[i - start] * gain)));
      }
      placed.add(new long[] {word[0], end / MS});
    }
    return new Revoiced(out, placed);
  }

  /** The {@code count} loudest-longest words, in time order. */
  static List<long[]> chosenWords(float[] envelope, int count) {
    List<long[]> words = AudioEnvelope.spans(envelope, RATE, WORD_LEVEL, WORD_GAP_MS, MIN_WORD_MS);
    while (!words.isEmpty() && words.size() < count) {
      long[] longest = words.stream().max(Comparator.comparingLong(w -> w[1] - w[0])).get();
      if (longest[1] - longest[0] < 2 * MIN_SPLIT_PART_MS) {
        break;
      }
      long cut = quietest(envelope, longest[0] + MIN_SPLIT_PART_MS, longest[1] - MIN_SPLIT_PART_MS);
      int at = words.indexOf(longest);
      words.set(at, new long[] {longest[0], cut});
      words.add(at + 1, new long[] {cut, longest[1]});
    }
    return words.stream()
        .sorted(Comparator.comparingDouble((long[] w) -> -(w[1] - w[0]) * Math.exp(meanLevel(envelope, w))))
        .limit(count)
        .sorted(Comparator.comparingLong(w -> w[0]))
        .toList();
  }

  private static long quietest(float[] envelope, long fromMs, long toMs) {
    int best = (int) (fromMs / 10);
    for (int k = best; k < toMs / 10 && k < envelope.length; k++) {
      if (envelope[k] < envelope[best]) {
        best = k;
      }
    }
    return best * 10L;
  }

  private static double meanLevel(float[] envelope, long[] word) {
    double sum = 0;
    int n = 0;
    for (int k = (int) (word[0] / 10); k < word[1] / 10 && k < envelope.length; k++) {
      sum += envelope[k];
      n++;
    }
    return n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
  }

  /** The recording between its first and last 10 ms within 26 dB of its peak. */
  static short[] trimSilence(short[] pcm) {
    float[] envelope = AudioEnvelope.logBand(pcm, RATE);
    float peak = Float.NEGATIVE_INFINITY;
    for (float v : envelope) {
      peak = Math.max(peak, v);
    }
    int first = -1;
    int last = -1;
    for (int k = 0; k < envelope.length; k++) {
      if (envelope[k] > peak - TRIM_BELOW_PEAK) {
        first = first < 0 ? k : first;
        last = k;
      }
    }
    if (first < 0) {
      return pcm;
    }
    int hop = AudioEnvelope.SAMPLE_RATE / RATE;
    return Arrays.copyOfRange(pcm, first * hop, Math.min(pcm.length, (last + 1) * hop));
  }

  /** Linear-interpolation resampling to {@code length} samples (time stretch with pitch shift). */
  private static double[] resample(short[] x, int length) {
    double[] out = new double[length];
    double step = length > 1 ? (x.length - 1.0) / (length - 1) : 0;
    for (int i = 0; i < length; i++) {
      double pos = i * step;
      int j = (int) pos;
      double frac = pos - j;
      out[i] = j + 1 < x.length ? x[j] * (1 - frac) + x[j + 1] * frac : x[x.length - 1];
    }
    return out;
  }

  private static double rms(short[] x, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
      sum += (double) x[i] * x[i];
      n++;
    }
    return Math.sqrt(sum / Math.max(1, n) + 1e-9);
  }

  private static double rms(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from) + 1e-9);
  }
}
