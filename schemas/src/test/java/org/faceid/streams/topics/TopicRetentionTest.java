package org.faceid.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRetentionTest {

  @Test
  void mediaIsBoundedByTimeAndBytesEventsByTimeCompactedNot() {
    TopicRetention r = TopicRetention.fromEnv(Map.of("FACEID_MEDIA_RETENTION_MS", "3600000",
        "FACEID_MEDIA_RETENTION_BYTES", "1000", "FACEID_EVENT_RETENTION_MS", "60000"));
    assertThat(r.configsFor(Topics.VIDEO_SUBMITTED))
        .containsEntry("retention.ms", "3600000").containsEntry("retention.bytes", "1000").containsEntry("segment.ms", "3600000");
    assertThat(r.configsFor(Topics.DEAD_LETTERS)).containsEntry("retention.ms", "3600000");
    assertThat(r.configsFor(Topics.RESULTS)).containsOnly(Map.entry("retention.ms", "60000"));
    assertThat(r.configsFor(Topics.TOKENS)).isEmpty();
    assertThat(r.configsFor(Topics.API_KEYS)).isEmpty();
  }

  @Test
  void everyTopicThatIsNotCompactedHasARetention() {
    for (Topic<?, ?> topic : Topics.ALL) {
      boolean compacted = "compact".equals(topic.configs().get("cleanup.policy"));
      assertThat(TopicRetention.DEFAULT.configsFor(topic).containsKey("retention.ms")).as(topic.name()).isNotEqualTo(compacted);
    }
    assertThat(TopicRetention.fromEnv(Map.of())).isEqualTo(TopicRetention.DEFAULT);
    assertThat(TopicRetention.DEFAULT.media()).isEqualTo(Duration.ofDays(1));
  }
}
