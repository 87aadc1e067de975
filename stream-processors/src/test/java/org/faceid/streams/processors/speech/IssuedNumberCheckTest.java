package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.processors.speech.IssuedNumberTrials.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issued-number check through the real recogniser at the production thresholds, on a fixed
 * subset of what IssuedNumberMeasurement measures: real FSDD readings (takes the accuracy test
 * does not use) scored against their own number, numbers one digit off and numbers two or more
 * digits off; the other real recordings; speech and sounds without digits.
 */
class IssuedNumberCheckTest {

  /** Every digit at least once, the confusable pairs five/nine, six/eight, two/zero in them. */
  static final List<String> NUMBERS = List.of("4096", "1357", "2468", "8023", "5791");

  private static PocketSphinxRecognizer recognizer;
  private static final List<Checked> readings = new ArrayList<>();

  /** One reading and its verifications against its own number and against differing ones. */
  record Checked(String speaker, String number, SpokenDigits.Utterance utterance, Verification genuine,
      List<Verification> oneOff, List<Verification> twoOff) {}

  @BeforeAll
  static void checkAll() {
    recognizer = new PocketSphinxRecognizer(1);
    for (IssuedNumberTrials.FixedReading r : IssuedNumberTrials.fixedSubset(NUMBERS)) {
      SpokenNumber spoken = recognizer.listen(r.utterance().pcm());
      readings.add(new Checked(r.speaker(), r.number(), r.utterance(), recognizer.verify(r.utterance().pcm(), r.number()),
          r.oneOff().stream().map(spoken::verify).toList(), r.twoOff().stream().map(spoken::verify).toList()));
    }
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  private static boolean accepted(Verification v) {
    return IssuedNumberThresholds.supported(v.support(), v.speechInDigits(), false);
  }

  private static long accepted(List<Verification> verifications) {
    return verifications.stream().filter(IssuedNumberCheckTest::accepted).count();
  }

  @Test
  void realReadingsOfTheIssuedNumberAreAccepted() {
    List<Verification> genuine = readings.stream().map(Checked::genuine).toList();
    readings.forEach(c -> System.out.printf("issued-number check %s %s: heard %s, support %.2f, speech in digits %.2f%n",
        c.speaker(), c.number(), c.genuine().heard(), c.genuine().support(), c.genuine().speechInDigits()));
    // Measured on this subset: 9 of 15 (theo 4, jackson 3, nicolas 2; 8 with the thresholds before
    // the 2026-12-03 refit), in line with the 58% of the
    // leave-one-speaker-out measurement (MODELS.md): far below the 95% target, which PocketSphinx's
    // models do not reach on these speakers. The floor keeps a regression from passing unseen.
    assertThat(accepted(genuine)).isGreaterThanOrEqualTo(8);
  }

  @Test
  void numbersOneDigitOffAreMostlyRejected() {
    List<Verification> oneOff = readings.stream().flatMap(c -> c.oneOff().stream()).toList();
    // The calibration allows 15%; measured on all readings: 2.6%.
    assertThat(accepted(oneOff)).isLessThanOrEqualTo(oneOff.size() * 15 / 100);
  }

  @Test
  void numbersTwoDigitsOffAreRejected() {
    assertThat(accepted(readings.stream().flatMap(c -> c.twoOff().stream()).toList())).isZero();
  }

  @Test
  void theIssuedDigitsAreAlignedWhereTheTakesWerePlaced() {
    for (Checked c : readings) {
      List<Word> words = c.genuine().issuedWords();
      assertThat(words).extracting(w -> DigitWords.digit(w.word())).containsExactlyElementsOf(
          c.number().chars().mapToObj(d -> (char) d).toList());
      for (int i = 0; i < words.size(); i++) {
        long midpoint = (words.get(i).startMs() + words.get(i).endMs()) / 2;
        SpokenDigits.Span take = c.utterance().spans().get(i);
        assertThat(midpoint).as("%s %s digit %d", c.speaker(), c.number(), i).isBetween(take.startMs(), take.endMs());
      }
    }
  }

  @Test
  void otherRealRecordingsSupportTheirOwnNumberOnly() {
    for (Recording recording : IssuedNumberTrials.recordings()) {
      SpokenNumber spoken = recognizer.listen(recording.pcm16k());
      assertThat(accepted(spoken.verify(recording.digits()))).as(recording.speaker() + " " + recording.digits()).isTrue();
      for (String other : IssuedNumberTrials.differing(recording.digits(), 1, 2, new Random(1))) {
        assertThat(accepted(spoken.verify(other))).as(recording.speaker() + " read as " + other).isFalse();
      }
    }
  }

  @Test
  void speechAndSoundsWithoutDigitsAreRejected() {
    for (var entry : IssuedNumberTrials.withoutDigits().entrySet()) {
      for (String issued : List.of("4096", "1357")) {
        Verification v = recognizer.verify(entry.getValue(), issued);
        assertThat(accepted(v)).as("%s as %s: support %s, speech in digits %s", entry.getKey(), issued, v.support(),
            v.speechInDigits()).isFalse();
      }
    }
    assertThat(recognizer.verify(new short[32000], "4096")).isEqualTo(Verification.noSpeech());
  }

  @Test
  void aFlatEngineFallsBackToTheDigitsHeard() {
    short[] audio = readings.get(0).utterance().pcm();
    SpeechRecognizer plain = new SpeechRecognizer() {
      @Override
      public Recognition recognize(short[] pcm16kMono, int digitCount) {
        return recognizer.recognize(pcm16kMono, digitCount);
      }

      @Override
      public String name() {
        return "plain";
      }

      @Override
      public void close() {}
    };
    Verification v = plain.verify(audio, readings.get(0).number());
    assertThat(v.support()).isNull();
    assertThat(v.heard()).isEqualTo(recognizer.recognize(audio, 4).digits());
  }
}
