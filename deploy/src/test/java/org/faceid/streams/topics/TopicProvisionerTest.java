package org.faceid.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.faceid.streams.local.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition count of the service's topics, on a real broker: a topic that a later start creates
 * (a newer version's, or one deleted) takes the count the others share, whatever this machine's
 * cores would choose, and topics altered apart stop the start instead of splitting tokens from the
 * requests that present them.
 */
class TopicProvisionerTest {

  @TempDir
  Path dataDir;

  @Test
  void aTopicCreatedLaterTakesTheSharedCountAndUnequalCountsStopTheStart() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(TopicProvisioner.ensure(admin, 2, (short) 1, TopicRetention.DEFAULT)).hasSize(Topics.ALL.size());

      String later = Topics.SPEECH_ANALYZED.name();
      admin.deleteTopics(List.of(later)).all().get();
      awaitGone(admin, later);
      assertThat(TopicProvisioner.ensure(admin, 4, (short) 1, TopicRetention.DEFAULT)).containsExactly(later);
      assertThat(partitionCounts(admin).values()).as(partitionCounts(admin).toString()).containsOnly(2);

      admin.createPartitions(Map.of(Topics.TOKENS.name(), NewPartitions.increaseTo(3))).all().get();
      assertThatThrownBy(() -> TopicProvisioner.ensure(admin, 2, (short) 1, TopicRetention.DEFAULT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("3=[faceid.tokens]")
          .hasMessageContaining("one partition count");
    }
  }

  @Test
  void aClusterWithoutTheTopicsTakesTheConfiguredCount() {
    assertThat(TopicProvisioner.sharedPartitionCount(Map.of(), 4)).isEqualTo(4);
    assertThat(TopicProvisioner.sharedPartitionCount(Map.of("faceid.tokens", 2, "faceid.results", 2), 4)).isEqualTo(2);
  }

  private static Map<String, Integer> partitionCounts(Admin admin) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    admin.describeTopics(Topics.ALL.stream().map(Topic::name).toList()).allTopicNames().get()
        .forEach((name, d) -> counts.put(name, d.partitions().size()));
    return counts;
  }

  private static void awaitGone(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (admin.listTopics().names().get().contains(topic)) {
      assertThat(System.nanoTime()).as(topic + " still listed 30 s after its deletion").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
