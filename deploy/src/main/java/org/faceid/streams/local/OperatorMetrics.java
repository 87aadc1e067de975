package org.faceid.streams.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.kafka.TopicFollower;
import org.faceid.streams.schema.OperatorOutcome;
import org.faceid.streams.schema.OperatorOutcomeKind;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator tools' counters on the service's /metrics. {@code deploy/faceid batch} and {@code replay}
 * run in JVMs of their own, so they write one {@link OperatorOutcome} per finished item to
 * {@link Topics#OPERATOR_OUTCOMES}; this reads that topic from its end at the service's start (a
 * Prometheus counter counts from its process's start) and counts:
 * <ul>
 *   <li>{@code faceid_batch_cases_total{result,code}}: cases a batch run finished; {@code result="verdict"}
 *       with verify's {@code procedure_validation} as code, or {@code result="error"} with the case's
 *       first error code ({@code FILE_UNREADABLE}: a file could not be read). The failures are the
 *       {@code error} series;
 *   <li>{@code faceid_replay_requests_total{changed}}: requests a replay run replayed, {@code changed="true"}
 *       where the answer differs ({@code request_id} and {@code time_used} aside);
 *   <li>{@code faceid_replay_unreplayable_total{reason}}: requests it could not replay, by reason.
 * </ul>
 * A code is kept only up to its {@code :} and only when it looks like one ({@value #CODE}), else
 * {@code other}: whoever can write the topic must not be able to grow the registry.
 */
public final class OperatorMetrics implements AutoCloseable {

  public static final String BATCH_CASES = "faceid.batch.cases";
  public static final String REPLAY_REQUESTS = "faceid.replay.requests";
  public static final String REPLAY_UNREPLAYABLE = "faceid.replay.unreplayable";
  static final String CODE = "[A-Z][A-Z0-9_]{0,63}";
  private static final Pattern CODE_PATTERN = Pattern.compile(CODE);
  /** Why a recorded request could not be replayed: the codes {@code replay} writes. */
  public static final List<String> UNREPLAYABLE_REASONS = List.of("NO_ANSWER", "OUTSIDE_RETENTION", "MISSING_TOKEN");

  private static final Logger log = LoggerFactory.getLogger(OperatorMetrics.class);

  private final MeterRegistry registry;
  private final TopicFollower follower;

  /** Registers the replay counters at zero and starts reading the outcomes written from now on. */
  public OperatorMetrics(MeterRegistry registry, Properties clientBase) {
    this.registry = registry;
    replayRequests(true);
    replayRequests(false);
    UNREPLAYABLE_REASONS.forEach(this::unreplayable);
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    String topic = Topics.OPERATOR_OUTCOMES.name();
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolved now: an outcome written once the service is up is counted, whenever the reader polls.
    partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
    follower = new TopicFollower("operator-metrics", consumer, Duration.ofMillis(500), this::count, () -> { });
  }

  private void count(ConsumerRecord<String, byte[]> record) {
    try {
      count(Topics.OPERATOR_OUTCOMES.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      log.warn("skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }

  /** Counts one item's outcome. */
  void count(OperatorOutcome outcome) {
    OperatorOutcomeKind kind = outcome.getKind();
    String code = code(outcome.getCode());
    switch (kind) {
      case CASE_VERDICT -> batchCases("verdict", code).increment();
      case CASE_ERROR -> batchCases("error", code).increment();
      case REPLAY_UNCHANGED -> replayRequests(false).increment();
      case REPLAY_CHANGED -> replayRequests(true).increment();
      case REPLAY_UNREPLAYABLE -> unreplayable(code).increment();
    }
  }

  /** The code part of a verdict, error_message or reason; {@code other} for anything else. */
  static String code(String value) {
    if (value == null) {
      return "other";
    }
    int colon = value.indexOf(':');
    String code = colon < 0 ? value : value.substring(0, colon);
    return CODE_PATTERN.matcher(code).matches() ? code : "other";
  }

  private Counter batchCases(String result, String code) {
    return Counter.builder(BATCH_CASES).description("cases batch runs finished, by verdict or error code")
        .tags("result", result, "code", code).register(registry);
  }

  private Counter replayRequests(boolean changed) {
    return Counter.builder(REPLAY_REQUESTS).description("requests replay runs replayed, by whether the answer changed")
        .tag("changed", Boolean.toString(changed)).register(registry);
  }

  private Counter unreplayable(String reason) {
    return Counter.builder(REPLAY_UNREPLAYABLE).description("requests replay runs could not replay, by reason")
        .tag("reason", reason.toLowerCase(Locale.ROOT)).register(registry);
  }

  @Override
  public void close() {
    follower.close();
  }
}
