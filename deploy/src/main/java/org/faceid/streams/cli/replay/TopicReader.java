package org.faceid.streams.cli.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.topics.Topics;

/** Reads a topic's committed records from a time up to its end as it was when the read began. No group, no commits. */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;

  TopicReader(Properties clientBase) {
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MEDIA_RECORD_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 * Topics.MAX_MEDIA_RECORD_BYTES);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Every record of {@code topic} with a timestamp from {@code fromMs} on (0: from the first kept), in partition order. */
  void read(String topic, long fromMs, Consumer<ConsumerRecord<String, byte[]>> each) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, fromMs));
    Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = start.get(p);
      consumer.seek(p, at == null ? end.get(p) : at.offset());
    }
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          each.accept(record);
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
