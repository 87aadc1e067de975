package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @TempDir
  Path dataDir;

  @Test
  void keepsDataAcrossRestartAndSupportsTransactions() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(
            new NewTopic("plain", 1, (short) 1),
            new NewTopic("txn", 1, (short) 1),
            new NewTopic("big", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
        producer.send(new ProducerRecord<>("plain", "k", "before-restart")).get();
      }
      // Videos of ~20 MB travel inside records; the broker must accept them.
      try (KafkaProducer<String, String> producer =
            producer(kafka, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 25 * 1024 * 1024))) {
        producer.send(new ProducerRecord<>("big", "k", "x".repeat(20_000_000))).get();
      }
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
      assertThat(poll(kafka, "plain", 1)).extracting(ConsumerRecord::value).containsExactly("before-restart");

      // Needs __transaction_state with RF 1 / min.isr 1, which the broker creates on first use.
      try (KafkaProducer<String, String> producer =
            producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test"))) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("txn", "k", "committed"));
        producer.commitTransaction();
      }
      assertThat(poll(kafka, "txn", 1)).extracting(ConsumerRecord::value).containsExactly("committed");
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
    assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
    kafka.close();
    kafka.close();
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Reads {@code count} records with read_committed, so uncommitted transactional data would not show. */
  private static List<ConsumerRecord<String, String>> poll(EmbeddedKafka kafka, String topic, int count) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
