package org.faceid.streams.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.topics.Topics;

/** The answers the stages committed to {@code faceid.results}, counted per request_id. */
final class CommittedResults {

  private CommittedResults() {}

  static Map<String, Long> countByRequestId(String bootstrapServers) {
    Properties settings = KafkaClientSettings.base(bootstrapServers, Map.of());
    // Only committed transactions: an aborted write is no answer.
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Long> counts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(Topics.RESULTS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("faceid.results not read to its end " + end + " within a minute");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ApiResult result = Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
          counts.merge(result.getRequestId().toString(), 1L, Long::sum);
        }
      }
    }
    return counts;
  }
}
