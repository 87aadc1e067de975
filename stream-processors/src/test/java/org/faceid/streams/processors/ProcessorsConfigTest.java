package org.faceid.streams.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.faceid.streams.processors.common.Parallelism;
import org.faceid.streams.processors.face.MatchThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorsConfigTest {

  @Test
  void everySettingIsReadFromTheGivenVariables(@TempDir Path models) {
    ProcessorsConfig config = ProcessorsConfig.fromEnv(Map.of(
        ProcessorsConfig.MODEL_DIR_ENV, models.toString(),
        ProcessorsConfig.DETECTOR_ENV, "blazeface",
        ProcessorsConfig.VOSK_MODEL_ENV, "/opt/vosk",
        Parallelism.STREAM_THREADS_ENV, "2",
        Parallelism.ONNX_THREADS_ENV, "3",
        ProcessorsConfig.IDENTITY_SOURCE_URL_ENV, " http://registry.invalid/ids/ ",
        ProcessorsConfig.IDENTITY_SOURCE_TIMEOUT_ENV, "750"));

    assertThat(config.requireModelDir()).isEqualTo(models.toAbsolutePath().normalize());
    assertThat(config.faceDetector()).isEqualTo("blazeface");
    assertThat(config.voskModel()).isEqualTo(Path.of("/opt/vosk"));
    assertThat(config.parallelism()).isEqualTo(new Parallelism(2, 3));
    assertThat(config.thresholds()).isEqualTo(MatchThresholds.load());
    assertThat(config.identitySource()).isEqualTo(URI.create("http://registry.invalid/ids/"));
    assertThat(config.identitySourceTimeout()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void blankVariablesCountAsUnset(@TempDir Path models) {
    ProcessorsConfig config = ProcessorsConfig.fromEnv(Map.of(ProcessorsConfig.MODEL_DIR_ENV, models.toString(),
        ProcessorsConfig.DETECTOR_ENV, " ", ProcessorsConfig.VOSK_MODEL_ENV, "", ProcessorsConfig.IDENTITY_SOURCE_URL_ENV, " "));

    assertThat(config.faceDetector()).isNull();
    assertThat(config.voskModel()).isNull();
    assertThat(config.identitySource()).isNull();
    assertThat(config.identitySource(null, "ultraface:00")).isNull();
    assertThat(config.identitySourceTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void withoutAModelDirectoryOnlyLoadingTheModelsFailsAndSaysHowToFetchThem() {
    ProcessorsConfig config = new ProcessorsConfig(null, null, null, new Parallelism(1, 1), MatchThresholds.load(), null,
        Duration.ofSeconds(3), null);

    assertThatThrownBy(config::faceModels).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ProcessorsConfig.MODEL_DIR_ENV).hasMessageContaining("deploy/fetch-models.sh");
    assertThatThrownBy(config::modelSet).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ProcessorsConfig.MODEL_DIR_ENV);
  }

  @Test
  void testsIgnoreMavensUnsetPlaceholdersAndTakeTheModelDirectoryProperty() {
    Map<String, String> env = TestProcessorsConfig.environment(
        Map.of(ProcessorsConfig.DETECTOR_ENV, "${env.FACEID_FACE_DETECTOR}", ProcessorsConfig.VOSK_MODEL_ENV, "/opt/vosk",
            ProcessorsConfig.MODEL_DIR_ENV, "/from/env"), "/from/property");

    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(ProcessorsConfig.VOSK_MODEL_ENV, "/opt/vosk",
        ProcessorsConfig.MODEL_DIR_ENV, "/from/property"));
    assertThat(TestProcessorsConfig.environment(Map.of(ProcessorsConfig.MODEL_DIR_ENV, "/from/env"), "${faceid.model.dir}"))
        .containsEntry(ProcessorsConfig.MODEL_DIR_ENV, "/from/env");
  }
}
