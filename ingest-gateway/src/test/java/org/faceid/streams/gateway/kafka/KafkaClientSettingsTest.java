package org.faceid.streams.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  @Test
  void faceidKafkaVariablesBecomeClientSettings() {
    Map<String, String> settings = KafkaClientSettings.fromEnv(Map.of(
        "FACEID_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "FACEID_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "FACEID_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "FACEID_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
        "FACEID_KAFKA_", "x",
        "FACEID_BOOTSTRAP_SERVERS", "b:9093",
        "PATH", "/bin"));

    assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.truststore.location", "/etc/kafka/truststore.p12"));
  }

  @Test
  void theBootstrapServersComeAfterThePassThrough() {
    Properties p = KafkaClientSettings.base("b:9093", Map.of("security.protocol", "SSL", "bootstrap.servers", "elsewhere:1"));
    assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "b:9093");
  }
}
