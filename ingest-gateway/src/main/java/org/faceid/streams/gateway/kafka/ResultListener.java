package org.faceid.streams.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.topics.Topics;

/**
 * Receives the answers for this gateway: results are keyed by gateway id, so it reads only the one
 * partition its id hashes to, from the end, committed records only.
 */
public final class ResultListener implements AutoCloseable {

  private final PendingResults pending;
  private final TopicFollower follower;

  public ResultListener(Properties clientBase, String gatewayId) {
    this.pending = new PendingResults(gatewayId);
    Properties p = (Properties) clientBase.clone();
    // Processors answer inside transactions: an aborted answer must never reach a client.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    int partitions = consumer.partitionsFor(Topics.RESULTS.name()).size();
    TopicPartition mine = new TopicPartition(Topics.RESULTS.name(), Topics.partitionFor(gatewayId, partitions));
    consumer.assign(List.of(mine));
    consumer.seekToEnd(List.of(mine));
    consumer.position(mine);
    follower = new TopicFollower("result-listener", consumer, Duration.ofMillis(500), pending::deliver, () -> { });
  }

  /** Registers interest in a request's answer; call before publishing the request. */
  public CompletableFuture<ApiResult> expect(String requestId) {
    return pending.expect(requestId);
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
