package org.faceid.streams.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.faceid.streams.gateway.GatewayConfig;
import org.faceid.streams.gateway.GatewayLimits;
import org.faceid.streams.gateway.form.UploadPace;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.tokens.TokenSeal;
import org.faceid.streams.topics.TopicRetention;

/**
 * Settings of the one-JVM service, from environment variables.
 *
 * @param dataDir where the embedded broker and the processors' state live ({@code FACEID_DATA_DIR})
 * @param httpHost address the gateway listens on ({@code FACEID_HTTP_HOST})
 * @param httpPort gateway port, 0 for any free one ({@code FACEID_HTTP_PORT})
 * @param bootstrapServers an existing cluster to use instead of the embedded broker, or null
 *     ({@code FACEID_BOOTSTRAP_SERVERS})
 * @param partitions partitions of every topic ({@code FACEID_PARTITIONS}; default: the cores, at least 2,
 *     so each stage's stream threads, one per core, all have a partition to work on)
 * @param replicationFactor of every topic ({@code FACEID_REPLICATION_FACTOR})
 * @param apiKey api key to create with every permission, with {@code apiSecret} ({@code FACEID_API_KEY})
 * @param apiSecret its secret ({@code FACEID_API_SECRET})
 * @param resultTimeout how long a request waits for its answer ({@code FACEID_RESULT_TIMEOUT_MS})
 * @param limits the gateway's budgets ({@code FACEID_MAX_REQUESTS}, {@code FACEID_HTTP_IDLE_TIMEOUT_MS},
 *     {@code FACEID_MIN_UPLOAD_BYTES_PER_S}; the rest fixed, see {@link GatewayLimits})
 * @param kafkaClient settings of every Kafka client ({@code FACEID_KAFKA_<UPPER_SNAKE>} as {@code lower.dot})
 * @param retention how long topics keep records ({@link TopicRetention#fromEnv})
 */
public record LocalConfig(Path dataDir, String httpHost, int httpPort, String bootstrapServers, int partitions,
    short replicationFactor, String apiKey, String apiSecret, Duration resultTimeout, GatewayLimits limits,
    Map<String, String> kafkaClient, TopicRetention retention) {

  public static LocalConfig fromEnv(Map<String, String> env) {
    return new LocalConfig(
        Path.of(env.getOrDefault("FACEID_DATA_DIR", ".faceid-local")),
        env.getOrDefault("FACEID_HTTP_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("FACEID_HTTP_PORT", "8080")),
        blankToNull(env.get("FACEID_BOOTSTRAP_SERVERS")),
        Integer.parseInt(env.getOrDefault("FACEID_PARTITIONS", Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())))),
        Short.parseShort(env.getOrDefault("FACEID_REPLICATION_FACTOR", "1")),
        blankToNull(env.get("FACEID_API_KEY")),
        blankToNull(env.get("FACEID_API_SECRET")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("FACEID_RESULT_TIMEOUT_MS", "60000"))),
        limitsFromEnv(env),
        KafkaClientSettings.fromEnv(env),
        TopicRetention.fromEnv(env));
  }

  private static GatewayLimits limitsFromEnv(Map<String, String> env) {
    GatewayLimits defaults = GatewayLimits.DEFAULT;
    int requests = Integer.parseInt(env.getOrDefault("FACEID_MAX_REQUESTS", Integer.toString(defaults.maxRequests())));
    Duration idle = Duration.ofMillis(Long.parseLong(
        env.getOrDefault("FACEID_HTTP_IDLE_TIMEOUT_MS", Long.toString(defaults.idleTimeout().toMillis()))));
    long rate = Long.parseLong(env.getOrDefault("FACEID_MIN_UPLOAD_BYTES_PER_S", Long.toString(defaults.pace().minBytesPerSecond())));
    return defaults.withRequests(requests, 2 * requests)
        .withUploadTime(idle, new UploadPace(rate, defaults.pace().graceMillis()));
  }

  /**
   * The gateway's settings on the cluster at {@code servers}, with the identity key of {@link IdentityKeyFile}
   * (FACEID_IDENTITY_KEY or the data dir) and the token key {@code tokenSeal} (null: none).
   */
  public GatewayConfig gatewayConfig(String servers, Clock clock, TokenSeal tokenSeal) throws java.io.IOException {
    return new GatewayConfig(httpHost, httpPort, servers, resultTimeout, clock, limits, kafkaClient,
        IdentityKeyFile.resolve(dataDir, System.getenv()), tokenSeal);
  }

  /** The cluster a process of some parts must be given, since only the one-JVM service embeds a broker. */
  public String requireCluster(String part) {
    if (bootstrapServers == null) {
      throw new IllegalArgumentException(part + " runs against a Kafka cluster: set FACEID_BOOTSTRAP_SERVERS");
    }
    return bootstrapServers;
  }

  public LocalConfig withHttpPort(int port) {
    return new LocalConfig(dataDir, httpHost, port, bootstrapServers, partitions, replicationFactor,
        apiKey, apiSecret, resultTimeout, limits, kafkaClient, retention);
  }

  public LocalConfig withBootstrapServers(String servers) {
    return new LocalConfig(dataDir, httpHost, httpPort, servers, partitions, replicationFactor,
        apiKey, apiSecret, resultTimeout, limits, kafkaClient, retention);
  }

  public LocalConfig withApiKey(String key, String secret) {
    return new LocalConfig(dataDir, httpHost, httpPort, bootstrapServers, partitions, replicationFactor,
        key, secret, resultTimeout, limits, kafkaClient, retention);
  }

  public LocalConfig withResultTimeout(Duration timeout) {
    return new LocalConfig(dataDir, httpHost, httpPort, bootstrapServers, partitions, replicationFactor,
        apiKey, apiSecret, timeout, limits, kafkaClient, retention);
  }

  public LocalConfig withLimits(GatewayLimits gatewayLimits) {
    return new LocalConfig(dataDir, httpHost, httpPort, bootstrapServers, partitions, replicationFactor,
        apiKey, apiSecret, resultTimeout, gatewayLimits, kafkaClient, retention);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
