package org.faceid.streams.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.topics.Topics;

/**
 * The operator's side of {@code faceid.identities}: reads what is registered, writes records and
 * tombstones (and the admin api key, on {@code faceid.apikeys}). The compare stage sees each write through its global table within moments.
 */
public final class IdentityRegistry implements AutoCloseable {

  private final Properties settings;
  private final KafkaProducer<String, byte[]> producer;

  public IdentityRegistry(String bootstrapServers, Map<String, String> kafkaClient) {
    this.settings = KafkaClientSettings.base(bootstrapServers, kafkaClient);
    Properties producing = new Properties();
    producing.putAll(settings);
    producing.put(ProducerConfig.ACKS_CONFIG, "all");
    producing.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_MEDIA_RECORD_BYTES));
    this.producer = new KafkaProducer<>(producing, new StringSerializer(), new ByteArraySerializer());
  }

  /** Every registered identity by its key, read from the start of the topic to its end now. */
  public Map<String, Identity> readAll() {
    Map<String, Identity> registered = new HashMap<>();
    try (KafkaConsumer<String, Identity> consumer = new KafkaConsumer<>(settings,
        Topics.IDENTITIES.keySerde().deserializer(), Topics.IDENTITIES.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTITIES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, Identity> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            registered.remove(record.key());
          } else {
            registered.put(record.key(), record.value());
          }
        }
      }
    }
    return registered;
  }

  public void put(Identity identity) throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), identity.getIdKey(),
        Topics.IDENTITIES.valueSerde().serializer().serialize(Topics.IDENTITIES.name(), identity))).get();
  }

  /** An api key record (the admin key), on {@code faceid.apikeys}. */
  public void putApiKey(ApiKey key) throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(Topics.API_KEYS.name(), key.getApiKey(),
        Topics.API_KEYS.valueSerde().serializer().serialize(Topics.API_KEYS.name(), key))).get();
  }

  /** A tombstone: the global tables forget the identity, and compaction deletes it. */
  public void delete(String idKey) throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(Topics.IDENTITIES.name(), idKey, (byte[]) null)).get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
