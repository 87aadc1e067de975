package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsTest {

  @Test
  void anIdleThreadNeverBlocksLongerThanTheCommitIntervalBeforeCommitting(@TempDir Path stateDir) {
    StreamsConfig config = new StreamsConfig(StreamsSettings.forStage("selfie", "localhost:9092", stateDir));
    // Commits happen between polls: a longer blocking poll delays a processed record's commit past the interval.
    assertThat(config.getLong(StreamsConfig.POLL_MS_CONFIG))
        .isLessThanOrEqualTo(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
        .isEqualTo(StreamsSettings.COMMIT_INTERVAL_MS);
  }

  @Test
  void operatorSettingsDoNotOverrideThePollBound(@TempDir Path stateDir) {
    Properties p = StreamsSettings.forStage("selfie", "localhost:9092", stateDir,
        java.util.Map.of(StreamsConfig.POLL_MS_CONFIG, "500"));
    assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(StreamsSettings.COMMIT_INTERVAL_MS);
  }
}
