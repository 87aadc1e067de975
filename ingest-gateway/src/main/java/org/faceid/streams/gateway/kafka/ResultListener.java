package org.faceid.streams.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the answers for this gateway: results are keyed by gateway id, so it reads only the one
 * partition its id hashes to, from the end, committed records only.
 */
public final class ResultListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

  private final String gatewayId;
  private final Map<String, CompletableFuture<ApiResult>> pending = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean closed;

  public ResultListener(Properties clientBase, String gatewayId) {
    this.gatewayId = gatewayId;
    Properties p = (Properties) clientBase.clone();
    // Processors answer inside transactions: an aborted answer must never reach a client.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    int partitions = consumer.partitionsFor(Topics.RESULTS.name()).size();
    TopicPartition mine = new TopicPartition(Topics.RESULTS.name(), Topics.partitionFor(gatewayId, partitions));
    consumer.assign(List.of(mine));
    consumer.seekToEnd(List.of(mine));
    consumer.position(mine);
    thread = Thread.ofPlatform().name("result-listener").daemon().start(this::run);
  }

  /** Registers interest in a request's answer; call before publishing the request. */
  public CompletableFuture<ApiResult> expect(String requestId) {
    CompletableFuture<ApiResult> answer = new CompletableFuture<>();
    pending.put(requestId, answer);
    answer.whenComplete((r, e) -> pending.remove(requestId));
    return answer;
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (!gatewayId.equals(record.key())) {
            continue;
          }
          ApiResult result;
          try {
            result = Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
          } catch (RuntimeException e) {
            log.error("unreadable result at offset {}", record.offset(), e);
            continue;
          }
          CompletableFuture<ApiResult> waiting = pending.get(result.getRequestId());
          if (waiting != null) {
            waiting.complete(result);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("result listener stopped", e);
    } finally {
      consumer.close();
    }
  }

  /** Kafka's own metrics of this client, into the gateway's registry. */
  public void bindMetrics(GatewayMetrics metrics) {
    metrics.bind(consumer);
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
