package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechRecognizersTest {

  @Test
  void withoutAVoskModelPocketSphinxIsUsed() {
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(Map.of())) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
      assertThat(recognizer.name()).isEqualTo("pocketsphinx");
    }
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, " "))) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
    }
  }

  @Test
  void aVoskModelThatIsNotThereFailsLoudly(@TempDir Path directory) {
    String missing = directory.resolve("vosk-model-small-en-us-0.15").toString();
    assertThatThrownBy(() -> SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, missing)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(missing).hasMessageContaining("fetch-vosk-model.sh");
  }

  @Test
  void aDirectoryThatIsNoVoskModelFailsLoudly(@TempDir Path directory) {
    assertThatThrownBy(() -> SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, directory.toString())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(directory.toString());
  }
}
