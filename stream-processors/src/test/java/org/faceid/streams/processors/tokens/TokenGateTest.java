package org.faceid.streams.processors.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate on its own, over stores that already hold requests: what a task finds after its held store is
 * restored from the changelog (a restart, a task moved), which a TopologyTestDriver cannot give it.
 */
class TokenGateTest {

  private static final byte[] HALF_THE_BUDGET = new byte[(int) (TokenGate.MAX_HELD_BYTES / 2 + 1)];

  private final MockProcessorContext<String, Outcome<VideoSubmitted>> context = new MockProcessorContext<>();
  private final TokenGate<VideoSubmitted> gate = new TokenGate<>("tokens", "held", Set.of(TokenKind.RANDOM_NUMBER),
      VideoSubmitted::getMeta, VideoSubmitted::setIssued, request -> request.getVideo().remaining());
  private TimestampedKeyValueStore<String, Token> tokens;
  private TimestampedKeyValueStore<String, VideoSubmitted> held;

  @BeforeEach
  void setUp() {
    tokens = store("tokens", Topics.TOKENS.valueSerde());
    held = store("held", Topics.VIDEO_SUBMITTED.valueSerde());
    context.setCurrentSystemTimeMs(T0);
  }

  private <V> TimestampedKeyValueStore<String, V> store(String name, Serde<V> values) {
    TimestampedKeyValueStore<String, V> store = Stores.timestampedKeyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private static VideoSubmitted video(String requestId, String token, byte[] content) {
    return VideoSubmitted.newBuilder().setMeta(meta(requestId, Endpoint.VALIDATE_VIDEO, "key-a", T0))
        .setTokenRandomNumber(token).setVideo(ByteBuffer.wrap(content)).build();
  }

  /** What the held store of a task restored from its changelog holds: keyed by token + request_id. */
  private static void restored(KeyValueStore<String, ValueAndTimestamp<VideoSubmitted>> held, VideoSubmitted request, long heldAt) {
    held.put(request.getTokenRandomNumber() + request.getMeta().getRequestId(), ValueAndTimestamp.make(request, heldAt));
  }

  private void poll(long atMs) {
    context.setCurrentSystemTimeMs(atMs);
    for (CapturedPunctuator punctuator : context.scheduledPunctuators()) {
      if (!punctuator.cancelled()) {
        punctuator.getPunctuator().punctuate(atMs);
      }
    }
  }

  private String forwardedRequestIds() {
    StringBuilder ids = new StringBuilder();
    context.forwarded().forEach(forwarded -> {
      Outcome<VideoSubmitted> outcome = forwarded.record().value();
      ids.append(outcome.answer() != null
          ? outcome.answer().getRequestId() + ":" + outcome.answer().getErrorMessage()
          : outcome.next().getMeta().getRequestId() + ":accepted").append(' ');
    });
    context.resetForwards();
    return ids.toString().trim();
  }

  @Test
  void requestsHeldBeforeARestartAreJudgedAfterIt() {
    String known = "K".repeat(43);
    restored(held, video("waited-for-its-token", known, new byte[] {1}), T0 - 100);
    restored(held, video("forged", "X".repeat(43), new byte[] {1}), T0 - 100);
    gate.init(context);
    assertThat(forwardedRequestIds()).isEmpty();

    tokens.put(known, ValueAndTimestamp.make(Token.newBuilder().setToken(known).setKind(TokenKind.RANDOM_NUMBER)
        .setApiKey("key-a").setRandomNumber("1234").setIssuedAtMs(T0).setExpiresAtMs(T0 + 86_400_000L).build(), T0));
    poll(T0 + TokenGate.POLL.toMillis());
    assertThat(forwardedRequestIds()).isEqualTo("waited-for-its-token:accepted");
    poll(T0 - 100 + TokenGate.HOLD.toMillis());
    assertThat(forwardedRequestIds()).isEqualTo("forged:INVALID_TOKEN");
    assertThat(held.approximateNumEntries()).as("each judged request leaves the store").isZero();
    assertThat(context.scheduledPunctuators()).as("the poll stops once nothing is held")
        .allSatisfy(punctuator -> assertThat(punctuator.cancelled()).isTrue());
  }

  @Test
  void uploadsHeldBeforeARestartCountAgainstTheByteBudget() {
    restored(held, video("held-before", "D".repeat(43), HALF_THE_BUDGET), T0 - 100);
    gate.init(context);

    gate.process(new Record<>("E".repeat(43), video("over-budget", "E".repeat(43), HALF_THE_BUDGET), T0));
    assertThat(forwardedRequestIds()).isEqualTo("over-budget:INVALID_TOKEN");
    poll(T0 - 100 + TokenGate.HOLD.toMillis());
    assertThat(forwardedRequestIds()).isEqualTo("held-before:INVALID_TOKEN");
    gate.process(new Record<>("F".repeat(43), video("after", "F".repeat(43), HALF_THE_BUDGET), T0 + 2_000));
    assertThat(forwardedRequestIds()).as("the budget is given back when the restored request is judged").isEmpty();
  }
}
