package org.faceid.streams.processors.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every record ends. A record a stage cannot read, process or write goes to
 * {@link Topics#DEAD_LETTERS} as it was read, with the reason in Kafka Streams' error headers (the
 * built-in handlers do that once {@code errors.dead.letter.queue.topic.name} is set), and its
 * request is answered {@code INTERNAL_ERROR} in the same transaction, so the caller is not left
 * waiting and the stage moves on to the next record instead of replaying this one.
 */
public final class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private DeadLetters() {}

  /** Processing failed outside {@link Guarded} (routing, serialisation of an outcome, a join). */
  public static final class Processing extends LogAndContinueProcessingExceptionHandler {
    private String prefix = "";

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      prefix = TopicPrefix.configured(configs);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
        Exception exception) {
      ProcessingExceptionHandler.Response dead = super.handleError(context, record, exception);
      return ProcessingExceptionHandler.Response.resume(withAnswer(context, dead.deadLetterQueueRecords(), prefix));
    }
  }

  /** A result could not be written: too large for its topic, say, or not serialisable. */
  public static final class Production extends DefaultProductionExceptionHandler {
    private String prefix = "";

    @Override
    public void configure(Map<String, ?> configs) {
      super.configure(configs);
      prefix = TopicPrefix.configured(configs);
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
        ProducerRecord<byte[], byte[]> record, Exception exception) {
      ProductionExceptionHandler.Response dead = super.handleError(context, record, exception);
      if (dead.result() == ProductionExceptionHandler.Result.RETRY) {
        return dead; // a passing broker condition: the producer sends it again
      }
      log.error("stage could not write a record to {} (read from {}-{}@{})", record.topic(), context.topic(),
          context.partition(), context.offset(), exception);
      return ProductionExceptionHandler.Response.resume(withAnswer(context, dead.deadLetterQueueRecords(), prefix));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
        ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
      ProductionExceptionHandler.Response dead = super.handleSerializationError(context, record, exception, origin);
      log.error("stage could not serialise a record for {} (read from {}-{}@{})", record.topic(), context.topic(),
          context.partition(), context.offset(), exception);
      return ProductionExceptionHandler.Response.resume(withAnswer(context, dead.deadLetterQueueRecords(), prefix));
    }
  }

  /**
   * The dead letters, plus an INTERNAL_ERROR answer when the record read names its request, on the
   * results topic under the stage's topic prefix ("" live).
   */
  static List<ProducerRecord<byte[], byte[]>> withAnswer(ErrorHandlerContext context,
      List<ProducerRecord<byte[], byte[]>> deadLetters, String prefix) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(deadLetters);
    String read = context.topic() != null && context.topic().startsWith(prefix)
        ? context.topic().substring(prefix.length()) : null;
    requestOf(read, context.sourceRawValue()).ifPresent(meta -> {
      ApiResult answer = Results.internalError(meta);
      String results = Topics.RESULTS.prefixed(prefix).name();
      out.add(new ProducerRecord<>(results,
          Topics.RESULTS.keySerde().serializer().serialize(results, answer.getGatewayId()),
          Topics.RESULTS.valueSerde().serializer().serialize(results, answer)));
    });
    return out;
  }

  /** The request a raw record of a registered topic belongs to: its {@code meta} field, if it has one. */
  static Optional<RequestMeta> requestOf(String topic, byte[] rawValue) {
    if (topic == null || rawValue == null) {
      return Optional.empty();
    }
    try {
      return Topics.named(topic).map(t -> read(t, rawValue)).flatMap(Requests::meta);
    } catch (RuntimeException e) {
      log.warn("dead letter from {} names no request it could be answered by: {}", topic, e.toString());
      return Optional.empty();
    }
  }

  private static Object read(Topic<?, ?> topic, byte[] raw) {
    return topic.valueSerde().deserializer().deserialize(topic.name(), raw);
  }
}
