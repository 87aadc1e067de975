package org.faceid.streams.processors.speech;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One utterance of digits, ready to be checked against issued numbers: does the audio support the
 * issued number better than any other number of its length? A forced alignment of the issued
 * digits always finds a path, so its score alone says nothing; what counts is its margin over the
 * best competing reading, each reading scored by aligning it with every model and adding the
 * scores (a product of likelihoods, as in the recogniser).
 *
 * <p>The best competitor is the best free N-digit reading of each model; when a model's free
 * reading is the issued number itself, that model decodes again with a grammar of every other
 * number, which makes the runner-up exact for that model. One wrongly heard digit is thus judged
 * by how much worse the issued digit fits than the heard one, not by the string.
 *
 * <p>A long utterance of other words can still be aligned to four digits; then most of its speech
 * lies outside the aligned digit words, which {@link Verification#speechInDigits()} reports.
 *
 * <p>Free readings and alignment scores are kept, so checking several numbers against the same
 * audio (as the measurements do) decodes it only once. Not thread-safe.
 */
final class SpokenNumber {

  private final List<ModelInput> inputs;
  private final boolean[] speechFrames;
  private final Map<Integer, List<String>> freeReadings = new HashMap<>();
  private final Map<String, Long> jointScores = new HashMap<>();

  /**
   * @param inputs the models to decode with, the first one giving the word times
   * @param speechFrames which 10 ms frames of the utterance (at 16 kHz) are speech
   */
  SpokenNumber(List<ModelInput> inputs, boolean[] speechFrames) {
    this.inputs = List.copyOf(inputs);
    this.speechFrames = speechFrames.clone();
  }

  /** The models it decodes with, the first giving the word times. */
  List<ModelInput> inputs() {
    return inputs;
  }

  /** Word times are relative to the utterance given to the constructor. */
  Verification verify(String issued) {
    Set<String> competitors = new LinkedHashSet<>();
    List<String> free = freeReadings.computeIfAbsent(issued.length(), this::decodeFree);
    for (int i = 0; i < inputs.size(); i++) {
      String reading = free.get(i);
      String other = issued.equals(reading) ? inputs.get(i).decodeOther(issued).digits() : reading;
      if (other != null) {
        competitors.add(other);
      }
    }
    SphinxDecoder.Result alignment = alignIssued(issued);
    long issuedScore = jointScore(issued, alignment);
    String best = null;
    long bestScore = Long.MIN_VALUE;
    for (String competitor : competitors) {
      long score = jointScore(competitor);
      if (best == null || score > bestScore) {
        best = competitor;
        bestScore = score;
      }
    }
    if (issuedScore == Long.MIN_VALUE) {
      return new Verification(best, Verification.NO_SUPPORT, List.of(), 0.0);
    }
    double inDigits = speechInside(alignment.words());
    if (best == null || bestScore == Long.MIN_VALUE) {
      // No other number has a path through the audio: the issued one is the only reading.
      return new Verification(issued, Double.POSITIVE_INFINITY, alignment.words(), inDigits);
    }
    double support = (issuedScore - bestScore) / ((double) Math.max(1, speechFrames.length) * inputs.size());
    return new Verification(support >= 0 ? issued : best, support, alignment.words(), inDigits);
  }

  /** The issued digits' alignment alone (its words are {@link Verification#issuedWords()}), relative to the utterance. */
  List<Word> issuedWords(String issued) {
    return alignIssued(issued).words();
  }

  /** The first model gives the word times. */
  private SphinxDecoder.Result alignIssued(String issued) {
    return inputs.get(0).align(issued);
  }

  private List<String> decodeFree(int digitCount) {
    return inputs.stream().map(input -> input.decode(digitCount).digits()).toList();
  }

  /**
   * Sum of every model's alignment score of {@code digits} (log likelihoods, so a product of
   * likelihoods); Long.MIN_VALUE when a model has no path.
   */
  long jointScore(String digits) {
    return jointScore(digits, null);
  }

  /** {@link #jointScore(String)}, the first model's alignment given when it is already known. */
  private long jointScore(String digits, SphinxDecoder.Result firstAlignment) {
    Long known = jointScores.get(digits);
    if (known != null) {
      return known;
    }
    long total = 0;
    for (int i = 0; i < inputs.size() && total != Long.MIN_VALUE; i++) {
      int score = i == 0 && firstAlignment != null ? firstAlignment.score() : inputs.get(i).align(digits).score();
      total = score == SphinxDecoder.Result.NO_PATH ? Long.MIN_VALUE : total + score;
    }
    jointScores.put(digits, total);
    return total;
  }

  /** Share of the speech frames that lie inside the aligned digit words. */
  private double speechInside(List<Word> words) {
    int speech = 0;
    int inside = 0;
    for (int f = 0; f < speechFrames.length; f++) {
      if (speechFrames[f]) {
        speech++;
        long ms = f * 10L + 5;
        inside += words.stream().anyMatch(w -> ms >= w.startMs() && ms < w.endMs()) ? 1 : 0;
      }
    }
    return speech == 0 ? 0 : (double) inside / speech;
  }
}
