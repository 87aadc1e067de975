package org.faceid.streams.local;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The images {@code deploy/images/build.sh} builds, offline (the build runs it before these tests);
 * none is pulled from a registry.
 */
final class Images {

  /** An Apache Kafka broker in KRaft mode, driven as Testcontainers drives the Apache Kafka image. */
  static final DockerImageName KAFKA = DockerImageName.parse("faceid/kafka:local").asCompatibleSubstituteFor("apache/kafka");
  /** deploy/faceid's commands with the project's jars and models. */
  static final DockerImageName SERVICE = DockerImageName.parse("faceid/streams:local");

  private Images() {}

  /** A broker that takes the service's largest records (20 MB uploads) and its transactions on one node. */
  static KafkaContainer kafka() {
    return new KafkaContainer(KAFKA)
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", "26214400")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
  }
}
