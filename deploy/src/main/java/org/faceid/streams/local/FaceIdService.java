package org.faceid.streams.local;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.gateway.GatewayServer;
import org.faceid.streams.gateway.auth.ApiKeys;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.processors.Pipeline;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.tokens.TokenSeal;
import org.faceid.streams.topics.TopicProvisioner;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service in one JVM: a broker (embedded unless a cluster is configured), the topics,
 * every processor stage and the gateway.
 */
public final class FaceIdService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaceIdService.class);
  /** Every permission of the API; not IDENTITY_ADMIN, which is never given to a key by default. */
  public static final List<Permission> ALL_PERMISSIONS = java.util.Arrays.stream(Permission.values())
      .filter(p -> p != Permission.IDENTITY_ADMIN).toList();
  static final int DEFAULT_CONCURRENCY = 16;
  /**
   * Written into the data dir at start: the broker's address, where the operator tools
   * ({@code deploy/faceid batch}, {@code replay}) find the running service through FACEID_DATA_DIR.
   */
  public static final String BOOTSTRAP_FILE = "bootstrap-servers";

  private final EmbeddedKafka broker;
  private final String bootstrapServers;
  private final Map<String, String> kafkaClient;
  private final Pipeline pipeline;
  private final GatewayServer gateway;
  private final PrometheusMeterRegistry metrics;
  private final OperatorMetrics operatorMetrics;
  private final Clock clock;
  private final TokenSeal tokenSeal;
  private Path addressFile;

  private FaceIdService(EmbeddedKafka broker, String bootstrapServers, Map<String, String> kafkaClient, Pipeline pipeline,
      GatewayServer gateway, PrometheusMeterRegistry metrics, OperatorMetrics operatorMetrics, Clock clock,
      TokenSeal tokenSeal) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.kafkaClient = kafkaClient;
    this.pipeline = pipeline;
    this.gateway = gateway;
    this.metrics = metrics;
    this.operatorMetrics = operatorMetrics;
    this.clock = clock;
    this.tokenSeal = tokenSeal;
  }

  /** Starts everything; returns once the gateway answers (health may still say STARTING). */
  public static FaceIdService start(LocalConfig config, ProcessorsConfig processors, Clock clock) throws Exception {
    EmbeddedKafka broker = null;
    String servers = config.bootstrapServers();
    if (servers == null) {
      broker = EmbeddedKafka.start(config.dataDir().resolve("kafka"), 0);
      servers = broker.bootstrapServers();
    }
    ensureTopics(servers, config);
    // One registry for the whole service, served at /metrics. The stages time their work into
    // Micrometer's global registry (they are called statically), so this one joins it while it runs.
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(metrics);
    // Its stages issue tokens under the key its gateway checks them by (TokenSeal).
    TokenSeal tokenSeal = TokenKeyFile.ofService(config.dataDir(), System.getenv());
    log.info("token key {}", tokenSeal.fingerprint());
    Pipeline pipeline = Pipeline.start(processors.withTokenSeal(tokenSeal), servers, config.dataDir().resolve("streams"),
        config.kafkaClient(), config.resultTimeout());
    pipeline.bindTo(metrics);
    GatewayServer gateway = GatewayServer.start(config.gatewayConfig(servers, clock, tokenSeal), pipeline::running,
        new GatewayMetrics(metrics));
    // The operator tools run in JVMs of their own: their counts reach /metrics as events on Kafka.
    OperatorMetrics operatorMetrics = new OperatorMetrics(metrics, KafkaClientSettings.base(servers, config.kafkaClient()));
    FaceIdService service = new FaceIdService(broker, servers, config.kafkaClient(), pipeline, gateway, metrics,
        operatorMetrics, clock, tokenSeal);
    service.addressFile = writeAddress(config.dataDir(), servers);
    if (config.apiKey() != null && config.apiSecret() != null) {
      service.putApiKey(ApiKeys.create(config.apiKey(), config.apiSecret(), ALL_PERMISSIONS, DEFAULT_CONCURRENCY, clock));
    }
    return service;
  }

  /** Writes whole, then renames: a reader never sees half an address. */
  private static Path writeAddress(Path dataDir, String servers) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(BOOTSTRAP_FILE);
    Path tmp = Files.createTempFile(dataDir, BOOTSTRAP_FILE, ".tmp");
    Files.writeString(tmp, servers + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** Creates the topics that are missing, as configured; safe while other processes do the same. */
  public static void ensureTopics(String servers, LocalConfig config) throws Exception {
    try (Admin admin = Admin.create(KafkaClientSettings.base(servers, config.kafkaClient()))) {
      List<String> created = TopicProvisioner.ensure(admin, config.partitions(), config.replicationFactor(),
          config.retention());
      if (!created.isEmpty()) {
        log.info("created {} topics", created.size());
      }
    }
  }

  /** Stores an api key record in {@code faceid.apikeys}; gateways pick it up from there. */
  public void putApiKey(ApiKey key) throws Exception {
    putApiKey(bootstrapServers, kafkaClient, key);
  }

  /** As {@link #putApiKey(ApiKey)}, on any cluster. */
  public static void putApiKey(String bootstrapServers, Map<String, String> kafkaClient, ApiKey key) throws Exception {
    Properties settings = KafkaClientSettings.base(bootstrapServers, kafkaClient);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.API_KEYS.name(), key.getApiKey(),
          Topics.API_KEYS.valueSerde().serializer().serialize(Topics.API_KEYS.name(), key))).get();
    }
  }

  /** Creates an api key and waits until this gateway knows it. */
  public void createApiKey(String apiKey, String secret, List<Permission> permissions, int concurrencyLimit) throws Exception {
    putApiKey(ApiKeys.create(apiKey, secret, permissions, concurrencyLimit, clock));
    awaitApiKey(apiKey, Duration.ofSeconds(30));
  }

  /** Waits until this gateway knows the api key (keys arrive through Kafka). */
  public void awaitApiKey(String apiKey, Duration timeout) throws InterruptedException {
    awaitCondition(() -> gateway.knowsKey(apiKey), timeout, "api key " + apiKey + " to reach the gateway");
  }

  /** True when the health check would answer 200. */
  public boolean healthy() {
    return gateway.keysLoaded() && pipeline.running();
  }

  public void awaitHealthy(Duration timeout) throws InterruptedException {
    awaitCondition(this::healthy, timeout, "the service to become healthy");
  }

  /** The counters of the operator tools (batch, replay) run against this service, served at /metrics. */
  public OperatorMetrics operatorMetrics() {
    return operatorMetrics;
  }

  public GatewayServer gateway() {
    return gateway;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public int httpPort() {
    return gateway.port();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The token key this service's stages issue under and its gateway checks by. */
  public TokenSeal tokenSeal() {
    return tokenSeal;
  }

  static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Override
  public void close() {
    try {
      if (addressFile != null) {
        Files.deleteIfExists(addressFile);
      }
    } catch (IOException e) {
      log.warn("could not remove {}: {}", addressFile, e.toString());
    }
    operatorMetrics.close();
    gateway.close();
    pipeline.close();
    Metrics.removeRegistry(metrics);
    metrics.close();
    if (broker != null) {
      broker.close();
    }
  }
}
