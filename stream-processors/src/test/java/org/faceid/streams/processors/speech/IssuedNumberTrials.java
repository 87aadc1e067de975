package org.faceid.streams.processors.speech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.faceid.streams.processors.decode.TestData;

/**
 * Trials of the issued-number check on real speakers: each genuine reading is scored against the
 * number read (genuine), numbers one digit off and numbers two or more digits off (impostors).
 */
final class IssuedNumberTrials {

  /** Debian pocketsphinx-testdata. */
  static final Path POCKETSPHINX_TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");
  static final int ONE_OFF_PER_READING = 2;
  static final int TWO_OFF_PER_READING = 3;

  /**
   * The check's outcome for one issued number; {@code heardIssued}: the old rule's outcome, whether
   * the free transcription ({@link SpeechRecognizer#recognize}) is the issued number. PocketSphinx:
   * {@code support} is its support and {@code overFreeText} +infinity (it has no such margin).
   * Moonshine: {@code support} is the margin over the one-digit neighbours and {@code overFreeText}
   * the margin over its free transcription ({@link MoonshineScorer.Judgement}), judged apart.
   */
  record Score(double support, double speechInDigits, boolean heardIssued, double overFreeText) {
    static Score of(Verification v, boolean heardIssued) {
      return new Score(v.support(), v.speechInDigits() == null ? 0 : v.speechInDigits(), heardIssued,
          Double.POSITIVE_INFINITY);
    }

    boolean accepted(Thresholds t) {
      return support >= t.support() && speechInDigits >= t.speechInDigits() && overFreeText >= t.overFreeText();
    }
  }

  record Thresholds(double support, double speechInDigits, double overFreeText) {}

  /** One reading of {@code number} by {@code speaker} under {@code condition}, and its scores. */
  record Trial(String speaker, ReadingCondition condition, String number, Score genuine, List<Score> oneOff, List<Score> twoOff) {}

  /** A real recording of known digits (not composed from takes). */
  record Recording(String speaker, String digits, short[] pcm16k) {}

  private IssuedNumberTrials() {}

  /** An engine's hearing of one utterance, which then scores any issued number against it. */
  interface Listener {
    Hearing listen(short[] pcm16k);
  }

  /** One utterance as heard: the score of an issued number. */
  interface Hearing {
    Score score(String issued);
  }

  /** The production check (PocketSphinx), with the old rule's free transcription beside it. */
  static Listener pocketSphinx(PocketSphinxRecognizer recognizer) {
    return pcm16k -> {
      SpokenNumber spoken = recognizer.listen(pcm16k);
      Map<Integer, String> heard = new java.util.HashMap<>();
      return issued -> score(spoken, issued,
          heard.computeIfAbsent(issued.length(), n -> recognizer.recognize(pcm16k, n).digits()));
    };
  }

  /**
   * Moonshine's support ({@link MoonshineScorer}); it has no alignment, so no speech-in-digits guard
   * (1), and its free transcription, as digits, stands for the old rule. {@code -Dspeech.pad=N} puts N
   * samples of digital silence before and after each utterance (measured and not kept: MODELS.md).
   */
  static Listener moonshine(MoonshineScorer scorer) {
    int pad = Integer.getInteger("speech.pad", 0);
    return pcm16k -> {
      MoonshineScorer.Utterance utterance = scorer.listen(pad == 0 ? pcm16k : padded(pcm16k, pad));
      String heard = DigitWords.digitsOf(scorer.text(utterance));
      return issued -> {
        MoonshineScorer.Judgement j = scorer.judge(utterance, issued);
        return new Score(j.overNeighbours(), 1, issued.equals(heard), j.overFreeText());
      };
    };
  }

  private static short[] padded(short[] pcm16k, int samples) {
    short[] out = new short[pcm16k.length + 2 * samples];
    System.arraycopy(pcm16k, 0, out, samples, pcm16k.length);
    return out;
  }

  /** Scores a reading against its own number and against numbers that differ from it. */
  static Trial trial(Listener listener, String speaker, ReadingCondition condition, String number,
      short[] pcm16k, Random random) {
    Hearing hearing = listener.listen(pcm16k);
    List<Score> oneOff = new ArrayList<>();
    List<Score> twoOff = new ArrayList<>();
    for (String other : differing(number, 1, ONE_OFF_PER_READING, random)) {
      oneOff.add(hearing.score(other));
    }
    for (int i = 0; i < TWO_OFF_PER_READING; i++) {
      int changed = 2 + random.nextInt(number.length() - 1);
      twoOff.add(hearing.score(differing(number, changed, 1, random).get(0)));
    }
    return new Trial(speaker, condition, number, hearing.score(number), oneOff, twoOff);
  }

  /** {@code heard}: the free transcription of the same audio, for the old rule. */
  static Score score(SpokenNumber spoken, String issued, String heard) {
    return Score.of(spoken == null ? Verification.noSpeech() : spoken.verify(issued), issued.equals(heard));
  }

  /** One reading of the fixed subset the check tests share, and the numbers one and two digits off it it is tried with. */
  record FixedReading(String speaker, String number, SpokenDigits.Utterance utterance, List<String> oneOff,
      List<String> twoOff) {}

  /**
   * Each FSDD speaker reading each of {@code numbers}, from takes 10-44 (which the accuracy test does
   * not use), with two numbers one digit off and two numbers two digits off each.
   */
  static List<FixedReading> fixedSubset(List<String> numbers) {
    List<FixedReading> out = new ArrayList<>();
    for (String speaker : SpokenDigits.SPEAKERS) {
      for (int n = 0; n < numbers.size(); n++) {
        String number = numbers.get(n);
        int[] takes = {10 + n, 20 + n, 30 + n, 40 + n};
        Random random = new Random(number.hashCode());
        SpokenDigits.Utterance utterance = SpokenDigits.compose(number, speaker, takes, 150, 300, random);
        List<String> oneOff = differing(number, 1, 2, random);
        out.add(new FixedReading(speaker, number, utterance, oneOff, differing(number, 2, 2, random)));
      }
    }
    return out;
  }

  /** {@code count} numbers that differ from {@code number} in exactly {@code changed} positions (different positions first). */
  static List<String> differing(String number, int changed, int count, Random random) {
    List<String> out = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < number.length(); i++) {
      positions.add(i);
    }
    java.util.Collections.shuffle(positions, random);
    for (int k = 0; k < count; k++) {
      char[] digits = number.toCharArray();
      for (int j = 0; j < changed; j++) {
        int position = positions.get((k + j) % positions.size());
        digits[position] = (char) ('0' + (digits[position] - '0' + 1 + random.nextInt(9)) % 10);
      }
      out.add(new String(digits));
    }
    return out;
  }

  /** A random number and a random take (0-49) for each of its digits. */
  /** One reading of a benchmark's sequence: which speaker, condition and number, and its audio. */
  record VariedReading(String speaker, ReadingCondition condition, String number, short[] pcm) {}

  /**
   * {@code count} FSDD readings for the benchmarks, cycling through the speakers and the conditions,
   * each a random number from random takes; the same {@code seed}, the same readings.
   */
  static List<VariedReading> variedReadings(int count, long seed) {
    Random random = new Random(seed);
    List<VariedReading> readings = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String speaker = SpokenDigits.SPEAKERS.get(k % SpokenDigits.SPEAKERS.size());
      ReadingCondition condition = ReadingCondition.values()[k % ReadingCondition.values().length];
      String number = String.format(java.util.Locale.ROOT, "%04d", random.nextInt(10_000));
      int[] takes = random.ints(4, 0, SpokenDigits.TAKES).toArray();
      readings.add(new VariedReading(speaker, condition, number, fsddReading(speaker, number, takes, condition, random).pcm()));
    }
    return readings;
  }

  static SpokenDigits.Utterance fsddReading(String speaker, String number, int[] takes, ReadingCondition condition, Random random) {
    return SpokenDigits.compose(number, speaker, takes, condition.minGapMs, condition.maxGapMs, random);
  }

  /**
   * The real recordings of whole digit strings that are not FSDD: vosk-api's test.wav (three groups
   * of five digits, one speaker, "oh" for zero twice), TIDIGITS speaker dhd ("two nine three four
   * zero") and the "five five" of pocketsphinx's card-game test, each speaker on its own.
   */
  static List<Recording> recordings() {
    short[] vosk = SpokenDigits.readWav(TestData.path("speech/vosk-api/test.wav")).pcm();
    List<Recording> out = new ArrayList<>();
    // Group boundaries in the pauses, measured from the alignment of the whole recording.
    out.add(new Recording("vosk-api", "10001", Arrays.copyOfRange(vosk, 0, 3200 * 16)));
    out.add(new Recording("vosk-api", "90210", Arrays.copyOfRange(vosk, 3200 * 16, 5600 * 16)));
    out.add(new Recording("vosk-api", "01803", Arrays.copyOfRange(vosk, 5600 * 16, vosk.length)));
    out.add(new Recording("tidigits-dhd", "29340", raw16k(POCKETSPHINX_TESTDATA.resolve("tidigits/dhd.2934z.raw"))));
    out.add(new Recording("cards-004", "55", SpokenDigits.readWav(POCKETSPHINX_TESTDATA.resolve("cards/004.wav")).pcm()));
    return out;
  }

  /**
   * Real and made-up audio with no reading of digits in it: read English (LibriVox), spoken
   * commands and card names (pocketsphinx-testdata), silence, noise, noise bursts and a tone melody.
   */
  static Map<String, short[]> withoutDigits() {
    Map<String, short[]> out = new LinkedHashMap<>();
    for (String id : List.of("0870", "0880", "0890", "0920", "0930")) {
      out.put("librivox " + id, SpokenDigits.readWav(
          POCKETSPHINX_TESTDATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-" + id + ".wav")).pcm());
    }
    out.put("go forward ten meters", raw16k(POCKETSPHINX_TESTDATA.resolve("goforward.raw")));
    for (String card : List.of("001", "002", "003", "005")) {
      out.put("cards " + card, SpokenDigits.readWav(POCKETSPHINX_TESTDATA.resolve("cards/" + card + ".wav")).pcm());
    }
    Random random = new Random(5);
    out.put("silence", new short[48000]);
    out.put("steady noise", noise(3000, 3000, random));
    out.put("noise bursts", noise(4000, 20, random));
    out.put("tone melody", melody());
    return out;
  }

  /** 3 s of Gaussian noise, every other 250 ms at {@code onRms}, else at {@code offRms}. */
  private static short[] noise(double onRms, double offRms, Random random) {
    short[] out = new short[48000];
    for (int i = 0; i < out.length; i++) {
      out[i] = AudioLevel.clip(random.nextGaussian() * ((i / 4000) % 2 == 1 ? onRms : offRms));
    }
    return out;
  }

  /** Notes of 300 ms with harmonics and short gaps: music-like, voiced, no words. */
  private static short[] melody() {
    double[] notes = {220, 262, 330, 392, 349, 294, 247, 220, 330, 440};
    short[] out = new short[notes.length * 4800];
    for (int n = 0; n < notes.length; n++) {
      for (int i = 0; i < 4800; i++) {
        double t = i / 16000.0;
        double envelope = i < 4000 ? Math.min(1, i / 160.0) * Math.exp(-t * 3) : 0;
        double sample = 0;
        for (int h = 1; h <= 4; h++) {
          sample += Math.sin(2 * Math.PI * notes[n] * h * t) / h;
        }
        out[n * 4800 + i] = AudioLevel.clip(6000 * envelope * sample);
      }
    }
    return out;
  }

  /** Headerless 16-bit little-endian mono at 16 kHz, as pocketsphinx-testdata ships it. */
  static short[] raw16k(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      short[] pcm = new short[bytes.length / 2];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
      return pcm;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
