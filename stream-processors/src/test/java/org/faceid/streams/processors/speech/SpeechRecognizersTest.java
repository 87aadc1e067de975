package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechRecognizersTest {

  @Test
  void withoutAVoskModelPocketSphinxIsUsed(@TempDir Path noModels) {
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(null, noModels)) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
      assertThat(recognizer.name()).isEqualTo("pocketsphinx");
    }
    try (SpeechRecognizer recognizer = ProcessorsConfig.fromEnv(Map.of(ProcessorsConfig.VOSK_MODEL_ENV, " ",
        ProcessorsConfig.MODEL_DIR_ENV, noModels.toString())).speechRecognizer()) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
    }
  }

  @Test
  void withMoonshineInTheModelDirectoryItsTranscriptSupportIsAdded() {
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(null, TestProcessorsConfig.modelDir())) {
      assertThat(recognizer).isInstanceOf(TranscriptCheckedRecognizer.class);
      assertThat(recognizer.name()).isEqualTo("pocketsphinx+moonshine-tiny");
      Verification silence = recognizer.verify(new short[32_000], "4096");
      assertThat(silence.transcriptSupport()).isNotNull();
      assertThat(silence.transcriptOverNeighbours()).isNotNull();
      assertThat(IssuedNumberThresholds.transcriptSupported(silence.transcriptSupport(), silence.transcriptOverNeighbours(), false))
          .isFalse();
      assertThat(silence.heard()).as("not supported: Moonshine's likeliest reading, not the issued number")
          .isNotEqualTo("4096");
    }
  }

  @Test
  void withMoonshineAReadingIsJudgedByItsTranscriptAndAlignedByPocketSphinxAlone() {
    short[] reading = SpokenDigits.compose("1549", "jackson", 12).pcm();
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(null, TestProcessorsConfig.modelDir());
        PocketSphinxRecognizer sphinx = new PocketSphinxRecognizer()) {
      Verification v = recognizer.verify(reading, "1549");

      assertThat(IssuedNumberThresholds.transcriptSupported(v.transcriptSupport(), v.transcriptOverNeighbours(), true))
          .as("%s", v).isTrue();
      assertThat(v.heard()).as("supported: heard as issued").isEqualTo("1549");
      assertThat(v.issuedWords()).as("lip sync's digit times").isEqualTo(sphinx.issuedWords(reading, "1549"))
          .extracting(Word::word).containsExactly("one", "five", "four", "nine");
      assertThat(v.support()).as("PocketSphinx's own check is not run where Moonshine decides").isNull();
      assertThat(v.speechInDigits()).isNull();
    }
  }

  @Test
  void aVoskModelThatIsNotThereFailsLoudly(@TempDir Path directory) {
    String missing = directory.resolve("vosk-model-small-en-us-0.15").toString();
    assertThatThrownBy(() -> ProcessorsConfig.fromEnv(Map.of(ProcessorsConfig.VOSK_MODEL_ENV, missing,
        ProcessorsConfig.MODEL_DIR_ENV, directory.toString())).speechRecognizer())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(missing).hasMessageContaining("fetch-vosk-model.sh");
  }

  @Test
  void aDirectoryThatIsNoVoskModelFailsLoudly(@TempDir Path directory) {
    assertThatThrownBy(() -> SpeechRecognizers.from(directory, directory))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(directory.toString());
  }
}
