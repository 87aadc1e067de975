package org.faceid.streams.processors.common;

import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Token;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;

/** The two ways a stage's outcome leaves it: onwards keyed by request_id, or back to the gateway. */
public final class Routing {

  private Routing() {}

  /** Sends answers to {@code faceid.results} keyed by gateway id and passed-on values to {@code next}. */
  public static <K, T> void route(KStream<K, Outcome<T>> outcomes, Topic<String, T> next, Function<T, String> requestId) {
    outcomes.filter((k, o) -> !o.answered())
        .map((k, o) -> KeyValue.pair(requestId.apply(o.next()), o.next()))
        .to(TopicPrefix.of(next).name(), Produced.with(next.keySerde(), next.valueSerde()));
    answers(outcomes.filter((k, o) -> o.answered()).mapValues(Outcome::answer));
  }

  /**
   * Writes each issued token to the token store and its answer to {@code faceid.results}. Both leave
   * in one transaction, so an answered token is always redeemable.
   */
  public static <K> void issue(KStream<K, Outcome<Issued>> outcomes) {
    tokens(outcomes.filter((k, o) -> !o.answered())
        .map((k, o) -> KeyValue.pair(o.next().token().getToken(), o.next().token())));
    answers(outcomes.mapValues(o -> o.answered() ? o.answer() : o.next().answer()));
  }

  /** Writes a tombstone for each token: the store forgets it, and compaction deletes it. */
  public static <K> void spend(KStream<K, String> tokens) {
    tokens(tokens.map((k, token) -> KeyValue.pair(token, (Token) null)));
  }

  /** Writes tokens (a null value: a tombstone) to {@code faceid.tokens}, keyed by the token. */
  public static void tokens(KStream<String, Token> tokens) {
    tokens.to(TopicPrefix.of(Topics.TOKENS).name(), Produced.with(Topics.TOKENS.keySerde(), Topics.TOKENS.valueSerde()));
  }

  /** Sends answers to {@code faceid.results}, keyed by the gateway that waits for them. */
  public static <K> void answers(KStream<K, ApiResult> results) {
    results.selectKey((k, r) -> r.getGatewayId())
        .to(TopicPrefix.of(Topics.RESULTS).name(), Produced.with(Topics.RESULTS.keySerde(), Topics.RESULTS.valueSerde()));
  }
}
