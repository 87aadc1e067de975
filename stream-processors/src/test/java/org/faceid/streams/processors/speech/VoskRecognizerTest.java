package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link VoskRecognizer}: choosing the N-digit reading runs always; recognition only with a model
 * (FACEID_VOSK_MODEL, deploy/fetch-vosk-model.sh), otherwise those tests are reported as skipped.
 */
class VoskRecognizerTest {

  private static Path model() {
    String directory = System.getenv(org.faceid.streams.processors.ProcessorsConfig.VOSK_MODEL_ENV);
    Assumptions.assumeTrue(directory != null, "no Vosk model: set FACEID_VOSK_MODEL (deploy/fetch-vosk-model.sh)");
    return Path.of(directory);
  }

  @Test
  void theMostLikelyReadingWithTheAskedLengthIsChosen() {
    String json = """
        {"alternatives": [
          {"confidence": 310.2, "text": "four oh nine six six", "result": [
            {"word": "four", "start": 0.30, "end": 0.62}, {"word": "oh", "start": 0.70, "end": 0.95},
            {"word": "nine", "start": 1.10, "end": 1.40}, {"word": "six", "start": 1.50, "end": 1.80},
            {"word": "six", "start": 1.80, "end": 1.95}]},
          {"confidence": 305.0, "text": "four oh nine [unk] six", "result": [
            {"word": "four", "start": 0.30, "end": 0.62}, {"word": "oh", "start": 0.70, "end": 0.95},
            {"word": "nine", "start": 1.10, "end": 1.40}, {"word": "[unk]", "start": 1.40, "end": 1.50},
            {"word": "six", "start": 1.50, "end": 1.95}]}
        ]}""";
    Recognition recognition = VoskRecognizer.choose(json, 4);
    assertThat(recognition.digits()).isEqualTo("4096");
    assertThat(recognition.words()).containsExactly(new Word("four", 300, 620), new Word("oh", 700, 950),
        new Word("nine", 1100, 1400), new Word("six", 1500, 1950));
  }

  @Test
  void withoutAReadingOfTheAskedLengthTheBestIsReportedAsHeard() {
    String json = """
        {"alternatives": [{"confidence": 1.0, "text": "one two", "result": [
          {"word": "one", "start": 0.1, "end": 0.3}, {"word": "two", "start": 0.4, "end": 0.6}]}]}""";
    assertThat(VoskRecognizer.choose(json, 4).digits()).isEqualTo("12");
    assertThat(VoskRecognizer.choose("{\"alternatives\" : [{\"text\": \"\", \"confidence\" : 1.0}] }", 4)).isEqualTo(Recognition.nothing());
    assertThat(VoskRecognizer.choose("{\"text\": \"\"}", 4)).isEqualTo(Recognition.nothing());
  }

  @Test
  void theVoskRecordingIsRecognised() {
    try (VoskRecognizer recognizer = new VoskRecognizer(model())) {
      short[] audio = SpokenDigits.readWav(TestData.path("speech/vosk-api/test.wav")).pcm();
      assertThat(recognizer.recognize(Arrays.copyOf(audio, 3200 * 16), 5).digits()).isEqualTo("10001");
      assertThat(recognizer.recognize(audio, 15).digits()).isEqualTo("100019021001803");
    }
  }

  @Test
  void fsddNumbersAreRecognisedAndTimed() {
    try (VoskRecognizer recognizer = new VoskRecognizer(model())) {
      int right = 0;
      for (String speaker : SpokenDigits.SPEAKERS) {
        for (String number : SpokenDigitsAccuracyTest.NUMBERS) {
          SpokenDigits.Utterance utterance = SpokenDigits.compose(number, speaker, 0);
          Recognition recognition = recognizer.recognize(utterance.pcm(), 4);
          right += number.equals(recognition.digits()) ? 1 : 0;
          for (int i = 0; number.equals(recognition.digits()) && i < 4; i++) {
            long midpoint = (recognition.words().get(i).startMs() + recognition.words().get(i).endMs()) / 2;
            assertThat(midpoint).isBetween(utterance.spans().get(i).startMs() - 150, utterance.spans().get(i).endMs() + 150);
          }
        }
      }
      System.out.printf("speech vosk: %d of 30 FSDD numbers right%n", right);
      // Not measured here (no model on the build machine): a floor well under PocketSphinx's 109/150.
      assertThat(right).isGreaterThanOrEqualTo(15);
    }
  }

  @Test
  void silenceGivesNoDigits() {
    try (VoskRecognizer recognizer = new VoskRecognizer(model())) {
      assertThat(recognizer.recognize(new short[32000], 4).digits()).isNull();
      assertThat(recognizer.name()).startsWith("vosk");
      assertThat(List.of(recognizer.recognize(new short[0], 4))).containsExactly(Recognition.nothing());
    }
  }
}
