package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PocketSphinxRecognizer} on wideband speech, non-speech and concurrent use (FSDD accuracy: SpokenDigitsAccuracyTest). */
class PocketSphinxRecognizerTest {

  /** testdata/speech/vosk-api/test.wav: "one zero zero zero one / nine oh two one oh / zero one eight zero three". */
  private static final String VOSK_TEST_DIGITS = "100019021001803";
  /** The first group ends at about 2.5 s and the second starts at about 3.9 s. */
  private static final int VOSK_FIRST_GROUP_END_MS = 3200;

  private static PocketSphinxRecognizer recognizer;

  @BeforeAll
  static void load() {
    recognizer = new PocketSphinxRecognizer(2);
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  private static short[] voskTestWav() {
    SpokenDigits.Wav wav = SpokenDigits.readWav(TestData.path("speech/vosk-api/test.wav"));
    assertThat(wav.sampleRate()).isEqualTo(16000);
    return wav.pcm();
  }

  @Test
  void recordedWidebandSpeechIsWideband() {
    assertThat(Bandwidth.highBandDb(voskTestWav())).isGreaterThan(PocketSphinxRecognizer.WIDEBAND_DB);
    assertThat(Bandwidth.highBandDb(SpokenDigits.utterance("4096", "theo", 0))).isLessThan(PocketSphinxRecognizer.WIDEBAND_DB);
  }

  @Test
  void theFirstGroupOfTheVoskRecordingIsRecognised() {
    short[] firstGroup = Arrays.copyOf(voskTestWav(), VOSK_FIRST_GROUP_END_MS * 16);
    assertThat(recognizer.recognize(firstGroup, 5).digits()).isEqualTo("10001");
  }

  @Test
  void theWholeVoskRecordingIsRecognisedAsFifteenDigitsInOrder() {
    Recognition recognition = recognizer.recognize(voskTestWav(), VOSK_TEST_DIGITS.length());
    assertThat(recognition.digits()).isEqualTo(VOSK_TEST_DIGITS);
    assertThat(recognition.words()).extracting(Word::word).contains("oh", "zero");
    for (int i = 1; i < recognition.words().size(); i++) {
      assertThat(recognition.words().get(i).startMs()).isGreaterThanOrEqualTo(recognition.words().get(i - 1).endMs());
    }
    // The second group starts after the first group's pause (measured at about 3.9 s).
    assertThat(recognition.words().get(5).startMs()).isBetween(3700L, 4100L);
  }

  @Test
  void fliteDigitsAreRecognised(@TempDir Path directory) {
    for (String number : List.of("4096", "1357", "2468", "8023")) {
      SpokenDigits.Wav wav = SpokenDigits.flite(spokenWords(number), directory);
      assertThat(wav.sampleRate()).isEqualTo(16000);
      assertThat(Bandwidth.highBandDb(wav.pcm())).as("flite's slt voice is wideband").isGreaterThan(PocketSphinxRecognizer.WIDEBAND_DB);
      assertThat(recognizer.recognize(wav.pcm(), 4).digits()).as(spokenWords(number)).isEqualTo(number);
    }
  }

  private static String spokenWords(String number) {
    StringBuilder text = new StringBuilder();
    for (char digit : number.toCharArray()) {
      text.append(DigitWords.words(digit).get(0)).append(' ');
    }
    return text.toString().strip();
  }

  @Test
  void silenceGivesNoDigits() {
    assertThat(recognizer.recognize(new short[32000], 4)).isEqualTo(Recognition.nothing());
    assertThat(recognizer.recognize(new short[0], 4)).isEqualTo(Recognition.nothing());
    assertThat(recognizer.recognize(new short[100], 4)).isEqualTo(Recognition.nothing());
  }

  @Test
  void steadyNoiseGivesNoDigits() {
    Random random = new Random(7);
    for (double rms : List.of(30.0, 3000.0)) {
      short[] noise = new short[48000];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = AudioLevel.clip(random.nextGaussian() * rms);
      }
      assertThat(recognizer.recognize(noise, 4).digits()).as("noise at rms %s", rms).isNull();
    }
  }

  @Test
  void noiseBurstsGiveNoMatchingNumber() {
    // Bursts of noise look like speech to an energy detector: the decoder is forced to four digits.
    Random random = new Random(11);
    short[] bursts = new short[48000];
    for (int i = 0; i < bursts.length; i++) {
      boolean on = (i / 4000) % 2 == 1;
      bursts[i] = AudioLevel.clip(random.nextGaussian() * (on ? 4000 : 20));
    }
    Recognition recognition = recognizer.recognize(bursts, 4);
    assertThat(recognition.digits()).isNotEqualTo("4096");
    assertThat(recognition.words()).hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void digitCountOutsideTheGrammarsRangeIsRejected() {
    short[] audio = SpokenDigits.utterance("4096", "theo", 0);
    assertThatThrownBy(() -> recognizer.recognize(audio, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> recognizer.recognize(audio, 33)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCallsShareThePoolAndGetTheirOwnResults(@TempDir Path directory) throws Exception {
    // Clear recordings only: a decoder carries its noise estimate from one utterance to the next, so
    // a borderline FSDD number can come out differently depending on which pooled decoder took it.
    short[] voskRecording = voskTestWav();
    Map<String, Callable<String>> tasks = new LinkedHashMap<>();
    tasks.put("10001", () -> recognizer.recognize(Arrays.copyOf(voskRecording, VOSK_FIRST_GROUP_END_MS * 16), 5).digits());
    tasks.put(VOSK_TEST_DIGITS, () -> recognizer.recognize(voskRecording, VOSK_TEST_DIGITS.length()).digits());
    for (String number : List.of("4096", "5791", "0528")) {
      short[] spoken = SpokenDigits.flite(spokenWords(number), directory).pcm();
      tasks.put(number, () -> recognizer.recognize(spoken, number.length()).digits());
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<String>> results = threads.invokeAll(tasks.values());
        List<String> expected = List.copyOf(tasks.keySet());
        for (int i = 0; i < expected.size(); i++) {
          assertThat(results.get(i).get()).isEqualTo(expected.get(i));
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aClosedRecognizerRefusesWork() {
    PocketSphinxRecognizer closed = new PocketSphinxRecognizer(1);
    assertThat(closed.recognize(SpokenDigits.utterance("1357", "theo", 0), 4).digits()).isEqualTo("1357");
    closed.close();
    closed.close();
    assertThatThrownBy(() -> closed.recognize(SpokenDigits.utterance("1357", "theo", 0), 4)).isInstanceOf(IllegalStateException.class);
  }
}
