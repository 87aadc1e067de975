package org.faceid.streams.processors.common;

import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request topics a stage reads. A request older than {@value #MAX_AGE_CONFIG} (the gateway's
 * answer timeout, set by {@code Pipeline.start}) is dropped where it is read: its caller has been
 * answered INTERNAL_ERROR already, and a stage catching up after a stop should spend its time on
 * requests someone still waits for. Without the setting (topology tests) nothing is dropped.
 */
public final class Requests {

  /** Streams config: the age in ms past which a request is no longer worked on. */
  public static final String MAX_AGE_CONFIG = "faceid.request.max.age.ms";

  /**
   * Streams config, "true" for audit replay: time is the recorded time of the requests, not the
   * wall clock. No request is dropped as stale (each was answered when it came), and expired tokens
   * are swept by stream time (the records' own timestamps) rather than by the wall clock.
   */
  public static final String RECORDED_TIME_CONFIG = "faceid.time.recorded";

  private static final Logger log = LoggerFactory.getLogger(Requests.class);

  private Requests() {}

  /** The topic's records as a stream, less the requests nobody waits for any more. */
  public static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic) {
    return builder.stream(TopicPrefix.of(topic).name(), Consumed.with(topic.keySerde(), topic.valueSerde()))
        .processValues(Fresh::new, Named.as("fresh-" + topic.name()));
  }

  /** Whether the stage judges time by the records' recorded times ({@value #RECORDED_TIME_CONFIG}). */
  public static boolean recordedTime(java.util.Map<String, ?> configs) {
    return "true".equals(String.valueOf(configs.get(RECORDED_TIME_CONFIG)));
  }

  /** The request a record belongs to: its {@code meta} field, if it has one. */
  static Optional<RequestMeta> meta(Object value) {
    if (value instanceof SpecificRecord r) {
      Schema.Field field = r.getSchema().getField("meta");
      if (field != null && r.get(field.pos()) instanceof RequestMeta meta) {
        return Optional.of(meta);
      }
    }
    return Optional.empty();
  }

  private static final class Fresh<V> implements FixedKeyProcessor<String, V, V> {
    private FixedKeyProcessorContext<String, V> context;
    private long maxAgeMs = Long.MAX_VALUE;

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
      this.context = context;
      Object configured = context.appConfigs().get(MAX_AGE_CONFIG);
      if (configured != null && !recordedTime(context.appConfigs())) {
        maxAgeMs = Long.parseLong(configured.toString());
      }
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
      Optional<RequestMeta> meta = meta(record.value());
      long now = context.currentSystemTimeMs();
      if (meta.isPresent() && now - meta.get().getReceivedAtMs() > maxAgeMs) {
        log.info("request {} dropped: {} ms old, its caller stopped waiting after {} ms", meta.get().getRequestId(),
            now - meta.get().getReceivedAtMs(), maxAgeMs);
        return;
      }
      context.forward(record);
    }
  }
}
