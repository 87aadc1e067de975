package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Moonshine's transcript support at the production threshold on the fixed subset IssuedNumberCheckTest
 * uses (the same FSDD readings, takes the accuracy test does not use), the other real recordings, and
 * speech and sounds without digits. The model comes from deploy/fetch-models.sh, which the build runs.
 */
class TranscriptCheckTest {

  private static final List<String> NUMBERS = IssuedNumberCheckTest.NUMBERS;

  private static MoonshineScorer scorer;
  private static final List<Double> genuine = new ArrayList<>();
  private static final List<Double> oneOff = new ArrayList<>();
  private static final List<Double> twoOff = new ArrayList<>();

  @BeforeAll
  static void scoreAll() {
    scorer = MoonshineScorer.load(TestProcessorsConfig.modelDir());
    assertThat(scorer).as("Moonshine in " + TestProcessorsConfig.modelDir() + " (deploy/fetch-models.sh)").isNotNull();
    for (IssuedNumberTrials.FixedReading r : IssuedNumberTrials.fixedSubset(NUMBERS)) {
      MoonshineScorer.Utterance heard = scorer.listen(r.utterance().pcm());
      genuine.add(scorer.support(heard, r.number()));
      r.oneOff().forEach(other -> oneOff.add(scorer.support(heard, other)));
      r.twoOff().forEach(other -> twoOff.add(scorer.support(heard, other)));
    }
    System.out.printf("Moonshine at the production threshold: genuine %d/%d, one off %d/%d, two off %d/%d%n",
        accepted(genuine), genuine.size(), accepted(oneOff), oneOff.size(), accepted(twoOff), twoOff.size());
  }

  @AfterAll
  static void close() {
    scorer.close();
  }

  private static long accepted(List<Double> supports) {
    return supports.stream().filter(s -> IssuedNumberThresholds.transcriptSupported(s, false)).count();
  }

  @Test
  void numbersAreWrittenAsTheModelWritesThem() {
    // "Nine" and "Eight" open a number in two pieces each, as LLaMA's tokenizer splits them.
    assertThat(scorer.tokens("98", false)).hasSize(1 + 2 + 1 + 1 + 1 + 1);
    assertThat(scorer.text(new MoonshineScorer.Utterance(null, scorer.tokens("9870", false)))).isEqualTo("Nine, eight, seven, zero.");
    assertThat(scorer.text(new MoonshineScorer.Utterance(null, scorer.tokens("80", true)))).isEqualTo("Eight, oh.");
  }

  @Test
  void realReadingsOfTheIssuedNumberAreAccepted() {
    // Measured 15 of 15 (PocketSphinx's check: 8 of 15 on the same readings); one off 2 of 30, two off 0 of 30.
    assertThat(accepted(genuine)).as("genuine readings accepted of %d: %s", genuine.size(), genuine)
        .isGreaterThanOrEqualTo(14);
  }

  @Test
  void numbersThatDifferAreRejected() {
    assertThat(accepted(oneOff)).as("one digit off, of %d", oneOff.size()).isLessThanOrEqualTo(Math.round(0.15 * oneOff.size()));
    assertThat(accepted(twoOff)).as("two digits off, of %d: %s", twoOff.size(), twoOff).isZero();
  }

  @Test
  void otherRealRecordingsAreAcceptedAsTheirOwnNumberOnly() {
    for (IssuedNumberTrials.Recording r : IssuedNumberTrials.recordings()) {
      MoonshineScorer.Utterance heard = scorer.listen(r.pcm16k());
      String oneOffNumber = IssuedNumberTrials.differing(r.digits(), 1, 1, new Random(1)).get(0);
      assertThat(IssuedNumberThresholds.transcriptSupported(scorer.support(heard, oneOffNumber), false))
          .as(r.speaker() + " " + r.digits() + " claimed as " + oneOffNumber).isFalse();
    }
  }

  @Test
  void speechAndSoundsWithoutDigitsAreRejected() {
    Random random = new Random(3);
    for (Map.Entry<String, short[]> e : IssuedNumberTrials.withoutDigits().entrySet()) {
      MoonshineScorer.Utterance heard = scorer.listen(e.getValue());
      String number = String.format("%04d", random.nextInt(10_000));
      assertThat(IssuedNumberThresholds.transcriptSupported(scorer.support(heard, number), false))
          .as(e.getKey() + " heard as '" + scorer.text(heard) + "', claimed as " + number).isFalse();
    }
  }
}
