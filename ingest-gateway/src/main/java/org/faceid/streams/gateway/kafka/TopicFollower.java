package org.faceid.streams.gateway.kafka;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer polled on a thread of its own until closed: each record goes to a handler, then a
 * hook runs after each poll. The consumer is used on that thread only, and closed there.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean closed;

  public TopicFollower(String name, KafkaConsumer<String, byte[]> consumer, Duration pollTimeout,
      Consumer<ConsumerRecord<String, byte[]>> onRecord, Runnable afterPoll) {
    this.consumer = consumer;
    this.thread = Thread.ofPlatform().name(name).daemon().start(() -> run(name, pollTimeout, onRecord, afterPoll));
  }

  private void run(String name, Duration pollTimeout, Consumer<ConsumerRecord<String, byte[]>> onRecord,
      Runnable afterPoll) {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
          onRecord.accept(record);
        }
        afterPoll.run();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("{} stopped", name, e);
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
