package org.faceid.streams.gateway.kafka;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;

/** Publishes one Avro event per accepted call, durably (acks=all, idempotent). */
public final class RequestPublisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;

  public RequestPublisher(Properties clientBase) {
    Properties p = (Properties) clientBase.clone();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MEDIA_RECORD_BYTES);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * Topics.MAX_MEDIA_RECORD_BYTES);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public CompletableFuture<Void> publish(Topic<String, ? extends SpecificRecord> topic, String key, SpecificRecord value) {
    byte[] bytes = ((Topic) topic).valueSerde().serializer().serialize(topic.name(), value);
    return send(new ProducerRecord<>(topic.name(), key, bytes));
  }

  /** Publishes a recorded event again as it was (audit replay): its serialised value and its timestamp. */
  public CompletableFuture<Void> republish(String topic, long timestampMs, String key, byte[] value) {
    return send(new ProducerRecord<>(topic, null, timestampMs, key, value));
  }

  private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    producer.send(record, (metadata, error) -> {
      if (error != null) {
        sent.completeExceptionally(error);
      } else {
        sent.complete(null);
      }
    });
    return sent;
  }

  /** Kafka's own metrics of this client, into the gateway's registry. */
  public void bindMetrics(GatewayMetrics metrics) {
    metrics.bind(producer);
  }

  @Override
  public void close() {
    producer.close();
  }
}
