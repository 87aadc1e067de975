package org.faceid.streams.processors.tokens;

import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.avro.specific.SpecificRecord;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Issued;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.common.TopicPrefix;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;

/**
 * Issues random-number tokens and is the token gate ({@link TokenGate}): requests keyed by their token
 * meet the token store (the compacted {@code faceid.tokens} topic, materialised as {@link #TOKEN_STORE});
 * an invalid token is answered INVALID_TOKEN here, a valid one goes on re-keyed by request_id.
 * Expired tokens are swept from the store and the topic ({@link TokenSweeper}); a token_video,
 * token_still or token_side_face is spent by the verify that completes with it (CompareTopology).
 */
public final class TokenTopology {

  public static final String STAGE = "tokens";
  public static final String TOKEN_STORE = "token-store";

  private final TokenIssuer issuer;

  public TokenTopology(TokenIssuer issuer) {
    this.issuer = issuer;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, Token> tokens = builder.table(TopicPrefix.of(Topics.TOKENS).name(),
        Consumed.with(Topics.TOKENS.keySerde(), Topics.TOKENS.valueSerde()).withName("tokens"),
        Materialized.<String, Token, KeyValueStore<Bytes, byte[]>>as(TOKEN_STORE)
            .withKeySerde(Topics.TOKENS.keySerde()).withValueSerde(Topics.TOKENS.valueSerde()));

    Routing.tokens(tokens.toStream(Named.as("token-updates"))
        .process(() -> new TokenSweeper(TOKEN_STORE), Named.as("token-sweeper"), TOKEN_STORE));
    issueRandomNumbers(builder);
    gate(builder, Topics.VIDEO_SUBMITTED, Topics.VIDEO_ACCEPTED, Set.of(TokenKind.RANDOM_NUMBER),
        VideoSubmitted::getMeta, VideoSubmitted::setIssued, request -> request.getVideo().remaining());
    gate(builder, Topics.SIDE_FACE_SUBMITTED, Topics.SIDE_FACE_ACCEPTED, Set.of(TokenKind.FRONT_FACE),
        SideFaceSubmitted::getMeta, SideFaceSubmitted::setIssued, request -> request.getSelfie().remaining());
    gate(builder, Topics.VERIFY_SUBMITTED, Topics.VERIFY_ACCEPTED,
        Set.of(TokenKind.VIDEO, TokenKind.STILL, TokenKind.SIDE_FACE),
        VerifySubmitted::getMeta, VerifySubmitted::setIssued,
        request -> request.getImageRefs().stream().mapToLong(ref -> ref.getContent().remaining()).sum());
    return builder.build();
  }

  private void issueRandomNumbers(StreamsBuilder builder) {
    KStream<String, Outcome<Issued>> drawn = Requests.stream(builder, Topics.RANDOM_NUMBER_SUBMITTED)
        .mapValues(request -> Outcome.next(answered(request.getMeta(), issuer.issueRandomNumber(request.getMeta()))));
    // Operator-only (deploy/faceid batch): the digits the person was shown, asserted over Kafka.
    KStream<String, Outcome<Issued>> asserted = Requests.stream(builder, Topics.RANDOM_NUMBER_ASSERTED)
        .mapValues(request -> TokenIssuer.assertable(request.getRandomNumber())
            ? Outcome.next(answered(request.getMeta(), issuer.issueAsserted(request.getMeta(), request.getRandomNumber())))
            : Outcome.<Issued>answer(Results.error(request.getMeta(), ApiError.BAD_ARGUMENTS, "random_number")));
    // Token and answer commit in one transaction: an answered token is always in the store.
    Routing.issue(drawn.merge(asserted, Named.as("random-numbers")));
  }

  private static Issued answered(RequestMeta meta, Token token) {
    return new Issued(token, Results.ok(meta).setToken(token.getToken()).setRandomNumber(token.getRandomNumber()).build());
  }

  private static <V extends SpecificRecord> void gate(StreamsBuilder builder,
      Topic<String, V> submitted, Topic<String, V> accepted, Set<TokenKind> kinds,
      Function<V, RequestMeta> meta, BiConsumer<V, Token> attach, ToLongFunction<V> uploadBytes) {
    String held = "token-hold-" + submitted.name();
    builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(held),
        Serdes.String(), submitted.valueSerde()));
    KStream<String, Outcome<V>> outcomes = Requests.stream(builder, submitted)
        .process(() -> new TokenGate<>(TOKEN_STORE, held, kinds, meta, attach, uploadBytes),
            Named.as("token-gate-" + submitted.name()), TOKEN_STORE, held);
    Routing.route(outcomes, accepted, value -> meta.apply(value).getRequestId());
  }
}
