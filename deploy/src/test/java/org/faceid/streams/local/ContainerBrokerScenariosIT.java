package org.faceid.streams.local;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenarios on a Kafka broker in a container, as a user's CI with Docker would run them.
 * Skipped (reported as skipped) where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerScenariosIT extends ServiceScenarios {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
      .withEnv("KAFKA_MESSAGE_MAX_BYTES", "26214400")
      .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
      .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");

  @Override
  String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }
}
