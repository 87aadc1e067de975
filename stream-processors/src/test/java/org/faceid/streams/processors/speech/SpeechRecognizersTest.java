package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.processors.face.FaceModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechRecognizersTest {

  @Test
  void withoutAVoskModelPocketSphinxIsUsed(@TempDir Path noModels) {
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(Map.of(), noModels)) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
      assertThat(recognizer.name()).isEqualTo("pocketsphinx");
    }
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, " "), noModels)) {
      assertThat(recognizer).isInstanceOf(PocketSphinxRecognizer.class);
    }
  }

  @Test
  void withMoonshineInTheModelDirectoryItsTranscriptSupportIsAdded() {
    try (SpeechRecognizer recognizer = SpeechRecognizers.from(Map.of(), FaceModels.modelDir())) {
      assertThat(recognizer).isInstanceOf(TranscriptCheckedRecognizer.class);
      assertThat(recognizer.name()).isEqualTo("pocketsphinx+moonshine-tiny");
      Verification silence = recognizer.verify(new short[32_000], "4096");
      assertThat(silence.transcriptSupport()).isNotNull();
      assertThat(IssuedNumberThresholds.transcriptSupported(silence.transcriptSupport(), false)).isFalse();
    }
  }

  @Test
  void aVoskModelThatIsNotThereFailsLoudly(@TempDir Path directory) {
    String missing = directory.resolve("vosk-model-small-en-us-0.15").toString();
    assertThatThrownBy(() -> SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, missing), directory))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(missing).hasMessageContaining("fetch-vosk-model.sh");
  }

  @Test
  void aDirectoryThatIsNoVoskModelFailsLoudly(@TempDir Path directory) {
    assertThatThrownBy(() -> SpeechRecognizers.from(Map.of(SpeechRecognizers.VOSK_MODEL_ENV, directory.toString()), directory))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(directory.toString());
  }
}
