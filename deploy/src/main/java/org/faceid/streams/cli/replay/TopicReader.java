package org.faceid.streams.cli.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
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
  private final ReentrantLock fetching = new ReentrantLock();

  TopicReader(Properties clientBase) {
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // An offset retention has deleted since it was found moves to the first kept one, past it (valueAt: gone).
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MEDIA_RECORD_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 * Topics.MAX_MEDIA_RECORD_BYTES);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of {@code topic}, assigned from its beginning; the consumer is closed if that fails. */
  static List<TopicPartition> fromStart(KafkaConsumer<?, ?> consumer, String topic) {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return partitions;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * The records of {@code topic} from the first with a timestamp at or after {@code fromMs} (0: from
   * the first kept) to the first at or after {@code untilMs} (or the end), in partition order.
   */
  void read(String topic, long fromMs, long untilMs, Consumer<ConsumerRecord<String, byte[]>> each) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
    Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(at(partitions, fromMs));
    Map<TopicPartition, OffsetAndTimestamp> until = consumer.offsetsForTimes(at(partitions, untilMs));
    for (TopicPartition p : partitions) {
      if (until.get(p) != null) {
        end.put(p, Math.min(end.get(p), until.get(p).offset()));
      }
      OffsetAndTimestamp at = start.get(p);
      consumer.seek(p, at == null ? end.get(p) : Math.min(at.offset(), end.get(p)));
    }
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          each.accept(record);
        }
      }
    }
  }

  /**
   * The value of the record at {@code offset} of a partition, read again; null when retention has
   * deleted it since (or it was never committed). Callers on several (virtual) threads take turns: a
   * lock, not a monitor, so a waiting virtual thread does not pin its carrier.
   */
  byte[] valueAt(String topic, int partition, long offset, Duration timeout) {
    fetching.lock();
    try {
      return fetch(new TopicPartition(topic, partition), offset, timeout);
    } finally {
      fetching.unlock();
    }
  }

  private byte[] fetch(TopicPartition p, long offset, Duration timeout) {
    consumer.assign(List.of(p));
    consumer.seek(p, offset);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() == offset) {
          return record.value();
        }
        if (record.offset() > offset) {
          return null;
        }
      }
    }
    return null;
  }

  private static Map<TopicPartition, Long> at(List<TopicPartition> partitions, long timeMs) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, timeMs));
    return query;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
