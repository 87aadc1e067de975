package org.faceid.streams.gateway.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api keys of the compacted {@code faceid.apikeys} topic, read from the beginning and kept up to
 * date. A secret that matched its stored PBKDF2 hash once ({@link Authenticator}) is remembered
 * only as an HMAC under a key that lives in this process, so later calls skip PBKDF2 without the
 * secret ever being kept in clear.
 */
public final class ApiKeyDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyDirectory.class);

  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  private final SecretKey processKey;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, Long> startupEnd;
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closed;

  public ApiKeyDirectory(Properties clientBase) {
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    partitions = consumer.partitionsFor(Topics.API_KEYS.name()).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    startupEnd = consumer.endOffsets(partitions);
    try {
      processKey = KeyGenerator.getInstance("HmacSHA256").generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    thread = Thread.ofPlatform().name("apikey-directory").daemon().start(this::run);
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            apply(record.key(), record.value() == null ? null
                : Topics.API_KEYS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
          } catch (RuntimeException e) {
            // One unreadable record must not stop every later key change from applying.
            log.error("unreadable api key record at offset {}", record.offset(), e);
          }
        }
        if (!caughtUp.get() && partitions.stream().allMatch(tp -> consumer.position(tp) >= startupEnd.get(tp))) {
          caughtUp.set(true);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("api key directory stopped", e);
    } finally {
      consumer.close();
    }
  }

  private void apply(String apiKey, ApiKey value) {
    verified.remove(apiKey);
    if (value == null) {
      keys.remove(apiKey);
    } else {
      keys.put(apiKey, value);
    }
  }

  /** True once every key that existed at start-up has been read. */
  public boolean caughtUp() {
    return caughtUp.get();
  }

  public boolean knows(String apiKey) {
    return keys.containsKey(apiKey);
  }

  public Optional<ApiKey> find(String apiKey) {
    return Optional.ofNullable(keys.get(apiKey));
  }

  /** True when {@code secret} matched this very key record before (one HMAC, no PBKDF2). */
  boolean rememberedMatch(ApiKey key, String secret) {
    byte[] known = verified.get(key.getApiKey());
    return known != null && MessageDigest.isEqual(known, tag(key, secret));
  }

  /** Remembers a secret that PBKDF2 just matched, unless the key changed meanwhile. */
  void remember(ApiKey key, String secret) {
    if (keys.get(key.getApiKey()) == key) {
      verified.put(key.getApiKey(), tag(key, secret));
    }
  }

  /** Bound to the stored hash too, so a tag cached just before a secret rotation never matches after it. */
  private byte[] tag(ApiKey key, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(processKey);
      mac.update(SecretHasher.utf8(key.getApiKey()));
      mac.update(key.getSecretHash().duplicate());
      mac.update((byte) 0);
      return mac.doFinal(SecretHasher.utf8(secret));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }

  /** Kafka's own metrics of this client, into the gateway's registry. */
  public void bindMetrics(GatewayMetrics metrics) {
    metrics.bind(consumer);
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
