package org.faceid.streams.processors.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.faceid.streams.topics.Topics;

/** Kafka Streams settings shared by every stage. */
public final class StreamsSettings {

  /** How long a stage may hold processed records before it commits them (and the gateway sees them). */
  static final int COMMIT_INTERVAL_MS = 20;

  private StreamsSettings() {}

  public static Properties forStage(String stage, String bootstrapServers, Path stateDir) {
    return forStage(stage, bootstrapServers, stateDir, Map.of());
  }

  /**
   * @param clientSettings the operator's settings for every Kafka client (security, network),
   *     applied first: the stage's own settings below win over them
   */
  public static Properties forStage(String stage, String bootstrapServers, Path stateDir, Map<String, String> clientSettings) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "faceid-" + stage);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(stage).toString());
    // A token is judged and answered once even if a processor dies mid-request.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Under exactly-once the gateway sees an answer only at commit: keep the interval short.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    // A thread commits only between polls, and an idle one blocks in poll for poll.ms (100 by
    // default): a record processed within the interval of the last commit waited out that poll,
    // and a follow-up request (verify after validate_side_face) sometimes paid 100 ms a hop.
    p.put(StreamsConfig.POLL_MS_CONFIG, COMMIT_INTERVAL_MS);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // No topology.optimization: it acts only on builder.build(props), and the stages build without
    // it. Optimising would restore the token store from faceid.tokens instead of its changelog (a
    // changed internal topic on upgrade) and gains nothing on one repartition topic.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
    // Every record ends: one that cannot be read, processed or written goes to the dead letters
    // (with its request answered where it names one) and the stage moves on, instead of failing
    // the thread, whose replacement would replay the same record forever.
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Processing.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Production.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Streams' producer defaults to linger.ms=100, which would sit in every request's latency.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    // One pass may decode a 20 MB upload per task (up to 20 s each); the 10 s default would abort
    // the transaction mid-pass and replay the same records forever.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 300_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_MEDIA_RECORD_BYTES);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Topics.MAX_MEDIA_RECORD_BYTES);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
    // Static membership: a stage restarted after a crash takes its partitions back at once, instead
    // of waiting out its dead predecessor's session (45 s, most of a 67 s recovery measured after
    // kill -9). The id is this installation's, kept in the state dir; Streams appends the thread index.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        "faceid-" + stage + "-" + instanceId(stateDir));
    return p;
  }

  /**
   * Moves a stage's settings under a topic prefix (audit replay): its own application id (so its
   * groups, internal topics and state are its own), its own dead letters, no static membership (a
   * replay's groups are thrown away), and a task that waits for each of its inputs to be fetched
   * before it processes by time (a request must meet the token records written before it).
   */
  public static void underPrefix(Properties p, String prefix) {
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.prefixed(prefix).name());
    p.put(TopicPrefix.CONFIG, prefix);
    p.remove(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 2_000L);
  }

  /** A random id made on first start and kept in {@code stateDir/instance-id}. */
  static String instanceId(Path stateDir) {
    Path file = stateDir.resolve("instance-id");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(stateDir);
      // Written whole, then renamed: a crash never leaves a half-written id behind.
      Path tmp = Files.createTempFile(stateDir, "instance-id", ".tmp");
      Files.writeString(tmp, UUID.randomUUID().toString());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the instance id in " + file, e);
    }
  }
}
