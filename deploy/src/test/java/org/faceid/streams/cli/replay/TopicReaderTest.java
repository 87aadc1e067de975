package org.faceid.streams.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.local.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicReaderTest {

  @TempDir
  Path dataDir;

  @Test
  void readsOneRecordAgainByItsOffsetAndNothingOnceRetentionDeletedIt() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("recorded", 2, (short) 1))).all().get();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>("recorded", 1, "k", ("upload-" + i).getBytes(StandardCharsets.UTF_8))).get();
        }
      }
      Properties client = new Properties();
      client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (TopicReader reader = new TopicReader(client)) {
        assertThat(new String(reader.valueAt("recorded", 1, 1, Duration.ofSeconds(10)), StandardCharsets.UTF_8)).isEqualTo("upload-1");
        assertThat(new String(reader.valueAt("recorded", 1, 0, Duration.ofSeconds(10)), StandardCharsets.UTF_8)).isEqualTo("upload-0");
        assertThat(reader.valueAt("recorded", 0, 0, Duration.ofSeconds(1))).as("an offset never written").isNull();

        admin.deleteRecords(Map.of(new TopicPartition("recorded", 1), RecordsToDelete.beforeOffset(2))).all().get();
        assertThat(reader.valueAt("recorded", 1, 1, Duration.ofSeconds(5))).as("deleted since the window was planned").isNull();
        assertThat(new String(reader.valueAt("recorded", 1, 2, Duration.ofSeconds(10)), StandardCharsets.UTF_8)).isEqualTo("upload-2");
      }
    }
  }
}
