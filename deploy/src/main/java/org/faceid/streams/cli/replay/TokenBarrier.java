package org.faceid.streams.cli.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Makes a replayed request meet the token state its caller met. A caller presented a token only
 * after the answer that issued (or spent) it; in a replay the next request is written at once, and
 * the token stage may not have read the token record that came in that answer's transaction. So
 * before a request that depends on an earlier answer is written, this waits until the token stage's
 * group has committed past every token record committed so far.
 */
final class TokenBarrier implements AutoCloseable {

  private final Admin admin;
  private final String group;
  private final List<TopicPartition> partitions;
  private final KafkaConsumer<byte[], byte[]> tail;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> lastRecord = new ConcurrentHashMap<>();
  private final Thread thread;
  private final ReentrantLock awaiting = new ReentrantLock();
  private volatile boolean closed;

  TokenBarrier(Properties clientBase, Admin admin, String tokensTopic, String tokenStageGroup) {
    this.admin = admin;
    this.group = tokenStageGroup;
    Properties p = (Properties) clientBase.clone();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    tail = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    partitions = TopicReader.fromStart(tail, tokensTopic);
    thread = Thread.ofPlatform().name("replay-token-tail").daemon().start(this::run);
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> record : tail.poll(Duration.ofMillis(100))) {
          lastRecord.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
        }
        for (TopicPartition p : partitions) {
          positions.put(p, tail.position(p));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      tail.close();
    }
  }

  /** Returns once the token stage has read every token record committed before this call. */
  void await(Duration timeout) throws Exception {
    // A lock, not synchronized: the replay's virtual threads wait here, and on Java 21 a sleep
    // inside synchronized pins each one's carrier thread.
    awaiting.lock();
    try {
      awaitLocked(timeout);
    } finally {
      awaiting.unlock();
    }
  }

  private void awaitLocked(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> committed = admin.listOffsets(
            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all().get().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    // First see every committed token record, to know where the last one is in each partition...
    while (partitions.stream().anyMatch(p -> positions.getOrDefault(p, -1L) < committed.get(p))) {
      waitOrFail(deadline, "the token records to be read");
    }
    // ...then wait until the token stage has committed past it.
    while (!stageCaughtUp()) {
      waitOrFail(deadline, "the replay's token stage to read the token records");
    }
  }

  private boolean stageCaughtUp() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    for (TopicPartition p : partitions) {
      Long last = lastRecord.get(p);
      OffsetAndMetadata at = offsets.get(p);
      if (last != null && (at == null || at.offset() <= last)) {
        return false;
      }
    }
    return true;
  }

  private static void waitOrFail(long deadline, String what) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("timed out waiting for " + what);
    }
    TimeUnit.MILLISECONDS.sleep(20);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    tail.wakeup();
    thread.join(5_000);
  }
}
