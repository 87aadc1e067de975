package org.faceid.streams.gateway.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Settings every Kafka client of the service starts from: the bootstrap servers and what the
 * operator passes through the environment, {@code FACEID_KAFKA_<UPPER_SNAKE>} as {@code lower.dot}
 * ({@code FACEID_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol=SASL_SSL}). Each
 * client then adds its own settings on top, so the pass-through carries security and network
 * settings without changing what a client relies on (isolation, acks, idempotence).
 */
public final class KafkaClientSettings {

  static final String PREFIX = "FACEID_KAFKA_";

  private KafkaClientSettings() {}

  /** The pass-through settings found in {@code env}; values are never logged (JAAS configs hold passwords). */
  public static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> settings = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !value.isEmpty()) {
        settings.put(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return settings;
  }

  /** A client's starting properties: the pass-through settings, then the bootstrap servers. */
  public static Properties base(String bootstrapServers, Map<String, String> passThrough) {
    Properties p = new Properties();
    p.putAll(passThrough);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }
}
