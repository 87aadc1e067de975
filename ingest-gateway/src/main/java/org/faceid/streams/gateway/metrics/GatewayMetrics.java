package org.faceid.streams.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * What {@code GET /metrics} serves, in the Prometheus text format. The gateway's own meters:
 * <ul>
 *   <li>{@code faceid_requests_total{endpoint,error_message}}: answers given, by call (its path's
 *       last segment, {@code unknown} for any other path) and error code ({@code none} for a
 *       success). Only the code before a {@code :} is kept: what follows can name a form part the
 *       caller chose, and a caller must not be able to grow the registry;
 *   <li>{@code faceid_request_latency_seconds{endpoint}}: histogram of a call's time from its first
 *       byte to its answer, the {@code time_used} it reports.
 * </ul>
 * Kafka's own metrics of the gateway's clients come tagged {@code component="gateway"}; the
 * processors bind theirs with their stage's name, so both share metric names.
 */
public final class GatewayMetrics implements AutoCloseable {

  public static final String REQUESTS = "faceid.requests";
  public static final String LATENCY = "faceid.request.latency";
  public static final String SUCCESS = "none";
  /** Kafka's own metrics are read into the registry this often (new partitions appear). */
  static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry;
  private final ScheduledExecutorService kafkaRefresh =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gateway-metrics").factory());
  private final List<KafkaClientMetrics> clients = new ArrayList<>();

  public GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** A registry of its own, for a gateway started without one. */
  public static GatewayMetrics standalone() {
    return new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public synchronized void bind(Producer<?, ?> producer) {
    bind(new KafkaClientMetrics(producer, Tags.of("component", "gateway"), kafkaRefresh, KAFKA_REFRESH));
  }

  public synchronized void bind(Consumer<?, ?> consumer) {
    bind(new KafkaClientMetrics(consumer, Tags.of("component", "gateway"), kafkaRefresh, KAFKA_REFRESH));
  }

  private void bind(KafkaClientMetrics client) {
    client.bindTo(registry);
    clients.add(client);
  }

  /** One answer given: its call, its error_message (null for a success) and the call's duration. */
  public void answered(String endpoint, String errorMessage, long nanos) {
    Counter.builder(REQUESTS).description("answers given, by call and error code")
        .tags("endpoint", endpoint, "error_message", errorCode(errorMessage))
        .register(registry).increment();
    Timer.builder(LATENCY).description("a call's time from its first byte to its answer")
        .tag("endpoint", endpoint)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The vendor's code of an error_message: "MISSING_ARGUMENTS: video" is MISSING_ARGUMENTS. */
  static String errorCode(String errorMessage) {
    if (errorMessage == null) {
      return SUCCESS;
    }
    int colon = errorMessage.indexOf(':');
    return colon < 0 ? errorMessage : errorMessage.substring(0, colon);
  }

  /** The page for a scraper. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    clients.forEach(KafkaClientMetrics::close);
    clients.clear();
    kafkaRefresh.shutdownNow();
  }
}
