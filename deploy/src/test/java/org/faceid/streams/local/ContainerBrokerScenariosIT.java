package org.faceid.streams.local;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenarios on a Kafka broker in a container (the project's broker image). Where no Docker
 * engine answers, Testcontainers reports them skipped ("Docker is not available"); the build starts
 * one where it can (deploy/images/engine.sh), and the embedded broker runs them everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerScenariosIT extends ServiceScenarios {

  @Container
  static final KafkaContainer KAFKA = Images.kafka();

  @Override
  String bootstrapServers() {
    return KAFKA.getBootstrapServers();
  }
}
