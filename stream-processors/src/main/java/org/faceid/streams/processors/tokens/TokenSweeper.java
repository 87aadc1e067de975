package org.faceid.streams.processors.tokens;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.schema.Token;

/**
 * Removes expired tokens: every {@link #INTERVAL} of wall-clock time (of stream time in audit replay) it walks this task's share of
 * the token store and forwards a tombstone for each token expired more than {@link #GRACE} ago, so
 * that compaction deletes it from {@code faceid.tokens} and the store forgets it. The grace lets a
 * request that arrived before expiry, but is judged late, still find its token.
 */
final class TokenSweeper implements Processor<String, Token, String, Token> {

  static final Duration INTERVAL = Duration.ofMinutes(10);
  static final Duration GRACE = Duration.ofHours(1);

  private final String storeName;
  private ProcessorContext<String, Token> context;
  private KeyValueStore<String, ValueAndTimestamp<Token>> tokens;

  TokenSweeper(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, Token> context) {
    this.context = context;
    this.tokens = context.getStateStore(storeName);
    // Replay sweeps by the recorded times, so a token is gone exactly when it was gone live.
    context.schedule(INTERVAL, Requests.recordedTime(context.appConfigs())
        ? PunctuationType.STREAM_TIME : PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, Token> record) {
    // Token updates need nothing here: the sweep reads the store itself.
  }

  private void sweep(long nowMs) {
    try (KeyValueIterator<String, ValueAndTimestamp<Token>> all = tokens.all()) {
      while (all.hasNext()) {
        KeyValue<String, ValueAndTimestamp<Token>> entry = all.next();
        Token token = entry.value == null ? null : entry.value.value();
        if (token != null && token.getExpiresAtMs() + GRACE.toMillis() < nowMs) {
          context.forward(new Record<>(entry.key, null, nowMs));
        }
      }
    }
  }
}
