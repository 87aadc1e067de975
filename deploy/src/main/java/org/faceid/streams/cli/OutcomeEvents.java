package org.faceid.streams.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.schema.OperatorOutcome;
import org.faceid.streams.schema.OperatorOutcomeKind;
import org.faceid.streams.topics.Topics;

/**
 * What each item of this run came to, written to {@link Topics#OPERATOR_OUTCOMES} for the service to
 * count into its /metrics (this CLI is a JVM of its own: counters here would reach no scraper). A
 * failed write is reported once and never stops the run: --out is the record, these are its tally.
 */
public final class OutcomeEvents implements AutoCloseable {

  private final String runId = UUID.randomUUID().toString();
  private final KafkaProducer<String, byte[]> producer;
  private final PrintStream console;
  private final AtomicBoolean warned = new AtomicBoolean();

  public OutcomeEvents(Properties clientBase, PrintStream console) {
    Properties p = (Properties) clientBase.clone();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.console = console;
  }

  /** One finished item: a case id or request_id, its kind of outcome and its code (null: none). */
  public void send(OperatorOutcomeKind kind, String itemId, String code) {
    OperatorOutcome outcome = new OperatorOutcome(runId, itemId, kind, code, Instant.now().toEpochMilli());
    String topic = Topics.OPERATOR_OUTCOMES.name();
    producer.send(new ProducerRecord<>(topic, runId, Topics.OPERATOR_OUTCOMES.valueSerde().serializer().serialize(topic, outcome)),
        (metadata, e) -> {
          if (e != null && warned.compareAndSet(false, true)) {
            console.println("faceid: the counts for the service's /metrics could not be written (" + e + "); --out is complete");
          }
        });
  }

  /** Waits for what was sent. */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
