package org.faceid.streams.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.kafka.TopicFollower;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code faceid.apikeys} from the beginning into an {@link ApiKeyDirectory}, and keeps it up to date. */
public final class ApiKeyFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyFeed.class);

  private final TopicFollower follower;

  public ApiKeyFeed(Properties clientBase, ApiKeyDirectory directory) {
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.API_KEYS.name()).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> startupEnd = consumer.endOffsets(partitions);
    // Runs on the follower's thread, the only one that uses the consumer.
    Runnable checkCaughtUp = () -> {
      if (!directory.caughtUp() && partitions.stream().allMatch(tp -> consumer.position(tp) >= startupEnd.get(tp))) {
        directory.markCaughtUp();
      }
    };
    follower = new TopicFollower("apikey-directory", consumer, Duration.ofMillis(200),
        record -> apply(directory, record), checkCaughtUp);
  }

  /** One record into the directory; an unreadable one is logged and skipped. */
  static void apply(ApiKeyDirectory directory, ConsumerRecord<String, byte[]> record) {
    try {
      directory.apply(record.key(), record.value() == null ? null
          : Topics.API_KEYS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      // One unreadable record must not stop every later key change from applying.
      log.error("unreadable api key record at offset {}", record.offset(), e);
    }
  }

  /** Kafka's own metrics of this client, into the gateway's registry. */
  public void bindMetrics(GatewayMetrics metrics) {
    follower.bindMetrics(metrics);
  }

  @Override
  public void close() {
    follower.close();
  }
}
