package org.faceid.streams.processors.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.faceid.streams.processors.common.Fixtures.GATEWAY;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.StreamsSettings;
import org.faceid.streams.processors.common.TopicPrefix;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RandomNumberAsserted;
import org.faceid.streams.schema.RandomNumberRequested;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VerifyParams;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.tokens.TokenSeal;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenTopologyTest {

  private static final TokenSeal SEAL = TokenSeal.ofThisProcess();

  private TopologyTestDriver driver;
  private TestInputTopic<String, RandomNumberRequested> randomNumbers;
  private TestInputTopic<String, VideoSubmitted> videos;
  private TestInputTopic<String, SideFaceSubmitted> sideFaces;
  private TestInputTopic<String, VerifySubmitted> verifies;
  private TestInputTopic<String, Token> tokens;
  private TestOutputTopic<String, ApiResult> results;
  private TestOutputTopic<String, Token> issuedTokens;
  private TestOutputTopic<String, VideoSubmitted> acceptedVideos;
  private TestOutputTopic<String, SideFaceSubmitted> acceptedSideFaces;
  private TestOutputTopic<String, VerifySubmitted> acceptedVerifies;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new TokenTopology(new TokenIssuer(SEAL)).build(), Fixtures.driverProps(), Instant.ofEpochMilli(T0));
    randomNumbers = Fixtures.input(driver, Topics.RANDOM_NUMBER_SUBMITTED);
    videos = Fixtures.input(driver, Topics.VIDEO_SUBMITTED);
    sideFaces = Fixtures.input(driver, Topics.SIDE_FACE_SUBMITTED);
    verifies = Fixtures.input(driver, Topics.VERIFY_SUBMITTED);
    tokens = Fixtures.input(driver, Topics.TOKENS);
    results = Fixtures.output(driver, Topics.RESULTS);
    issuedTokens = Fixtures.output(driver, Topics.TOKENS);
    acceptedVideos = Fixtures.output(driver, Topics.VIDEO_ACCEPTED);
    acceptedSideFaces = Fixtures.output(driver, Topics.SIDE_FACE_ACCEPTED);
    acceptedVerifies = Fixtures.output(driver, Topics.VERIFY_ACCEPTED);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private Token requestRandomNumber(String requestId, String apiKey, long at) {
    randomNumbers.pipeInput(requestId, new RandomNumberRequested(meta(requestId, Endpoint.GET_RANDOM_NUMBER, apiKey, at)), at);
    return issuedTokens.readValue();
  }

  private void submitVideo(String requestId, String token, String apiKey, long at) {
    submitVideo(requestId, token, apiKey, new byte[] {1, 2, 3}, at);
  }

  private void submitVideo(String requestId, String token, String apiKey, byte[] video, long at) {
    videos.pipeInput(token, VideoSubmitted.newBuilder().setMeta(meta(requestId, Endpoint.VALIDATE_VIDEO, apiKey, at))
        .setTokenRandomNumber(token).setVideo(ByteBuffer.wrap(video)).build(), at);
  }

  @Test
  void randomNumberIsFourDigitsWithAnUnguessableTokenBoundToTheKey() {
    Token token = requestRandomNumber("r1", "key-a", T0);

    assertThat(token.getRandomNumber()).matches("\\d{4}");
    assertThat(token.getToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(SEAL.issuedTo("key-a", token.getToken())).as("a gateway with the token key can check it").isTrue();
    assertThat(SEAL.issuedTo("key-b", token.getToken())).isFalse();
    assertThat(token.getKind()).isEqualTo(TokenKind.RANDOM_NUMBER);
    assertThat(token.getApiKey()).isEqualTo("key-a");
    assertThat(token.getExpiresAtMs() - token.getIssuedAtMs()).isEqualTo(Duration.ofHours(24).toMillis());

    KeyValue<String, ApiResult> answer = results.readKeyValue();
    assertThat(answer.key).as("results are keyed by the waiting gateway").isEqualTo(GATEWAY);
    assertThat(answer.value.getHttpStatus()).isEqualTo(200);
    assertThat(answer.value.getRequestId()).isEqualTo("r1");
    assertThat(answer.value.getToken()).isEqualTo(token.getToken());
    assertThat(answer.value.getRandomNumber()).isEqualTo(token.getRandomNumber());

    KeyValueStore<String, ValueAndTimestamp<Token>> store = driver.getTimestampedKeyValueStore(TokenTopology.TOKEN_STORE);
    assertThat(store.get(token.getToken()).value()).isEqualTo(token);
  }

  @Test
  void tokensAndNumbersDiffer() {
    Set<String> tokenValues = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Token token = requestRandomNumber("r" + i, "key-a", T0);
      tokenValues.add(token.getToken());
      numbers.add(token.getRandomNumber());
    }
    assertThat(tokenValues).hasSize(50);
    assertThat(numbers).hasSizeGreaterThan(40);
  }

  @Test
  void validTokenPassesReKeyedByRequestIdWithTheNumberAttached() {
    Token token = requestRandomNumber("r1", "key-a", T0);
    results.readValue();

    submitVideo("v1", token.getToken(), "key-a", T0 + 1_000);

    KeyValue<String, VideoSubmitted> accepted = acceptedVideos.readKeyValue();
    assertThat(accepted.key).isEqualTo("v1");
    assertThat(accepted.value.getIssued().getRandomNumber()).isEqualTo(token.getRandomNumber());
    assertThat(results.isEmpty()).isTrue();
  }

  /** Expired tokens leave the store and the topic (a tombstone), an hour after expiry. */
  @Test
  void assertedDigitsAreIssuedAsShownAndAnythingElseIsRefused() {
    TestInputTopic<String, RandomNumberAsserted> asserted = Fixtures.input(driver, Topics.RANDOM_NUMBER_ASSERTED);
    asserted.pipeInput("a1", new RandomNumberAsserted(meta("a1", Endpoint.GET_RANDOM_NUMBER, "batch", T0), "90417"), T0);
    Token token = issuedTokens.readValue();
    assertThat(token.getRandomNumber()).isEqualTo("90417");
    assertThat(token.getKind()).isEqualTo(TokenKind.RANDOM_NUMBER);
    assertThat(token.getApiKey()).isEqualTo("batch");
    ApiResult answer = results.readValue();
    assertThat(answer.getRandomNumber()).isEqualTo("90417");
    assertThat(answer.getToken()).isEqualTo(token.getToken());

    for (String bad : List.of("", "12a4", "12345678901")) {
      asserted.pipeInput("bad", new RandomNumberAsserted(meta("bad", Endpoint.GET_RANDOM_NUMBER, "batch", T0), bad), T0);
      assertThat(results.readValue().getErrorMessage()).as(bad).isEqualTo("BAD_ARGUMENTS:random_number");
    }
    assertThat(issuedTokens.isEmpty()).as("a refused number issues no token").isTrue();
  }

  @Test
  void aReplayingIssuerIssuesTheRecordedTokenAndNumberAgain() {
    String recorded = "A".repeat(43);
    TokenIssuer replaying = TokenIssuer.replaying(id -> id.equals("r1") ? new TokenIssuer.Recorded(recorded, "0815") : null);
    try (TopologyTestDriver replay = new TopologyTestDriver(new TokenTopology(replaying).build(), Fixtures.driverProps())) {
      TestInputTopic<String, RandomNumberRequested> in = Fixtures.input(replay, Topics.RANDOM_NUMBER_SUBMITTED);
      TestOutputTopic<String, Token> out = Fixtures.output(replay, Topics.TOKENS);
      in.pipeInput("r1", new RandomNumberRequested(meta("r1", Endpoint.GET_RANDOM_NUMBER, "k", T0)), T0);
      in.pipeInput("r2", new RandomNumberRequested(meta("r2", Endpoint.GET_RANDOM_NUMBER, "k", T0)), T0);
      Token again = out.readValue();
      assertThat(again.getToken()).isEqualTo(recorded);
      assertThat(again.getRandomNumber()).isEqualTo("0815");
      assertThat(again.getIssuedAtMs()).as("issued at the recorded arrival").isEqualTo(T0);
      assertThat(out.readValue().getToken()).as("a request with no recorded token gets a fresh one").isNotEqualTo(recorded).hasSize(43);
    }
  }

  @Test
  void underAPrefixTheStageReadsAndWritesOnlyPrefixedTopicsAndSweepsByRecordedTime() {
    Properties props = Fixtures.driverProps();
    StreamsSettings.underPrefix(props, "replay-1.");
    props.put(Requests.RECORDED_TIME_CONFIG, "true");
    // The driver has no fetch lag to wait on: a task waiting for its other inputs would wait forever.
    props.remove(org.apache.kafka.streams.StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
    Topology topology = TopicPrefix.building("replay-1.", () -> new TokenTopology(new TokenIssuer()).build());
    assertThat(topology.describe().toString()).doesNotContain("[faceid.", " faceid.").contains("replay-1.faceid.tokens");
    try (TopologyTestDriver replay = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(T0))) {
      TestInputTopic<String, RandomNumberRequested> in = Fixtures.input(replay, Topics.RANDOM_NUMBER_SUBMITTED.prefixed("replay-1."));
      TestOutputTopic<String, Token> out = Fixtures.output(replay, Topics.TOKENS.prefixed("replay-1."));
      long old = T0 - Duration.ofDays(3).toMillis();
      in.pipeInput("r1", new RandomNumberRequested(meta("r1", Endpoint.GET_RANDOM_NUMBER, "k", old)), old);
      Token issued = out.readValue();
      assertThat(Fixtures.output(replay, Topics.RESULTS.prefixed("replay-1.")).readValue().getToken()).isEqualTo(issued.getToken());
      // Three days of wall clock mean nothing to a replay: only the records' time sweeps.
      replay.advanceWallClockTime(Duration.ofDays(3));
      assertThat(out.isEmpty()).isTrue();
      long later = old + Duration.ofHours(26).toMillis();
      in.pipeInput("r2", new RandomNumberRequested(meta("r2", Endpoint.GET_RANDOM_NUMBER, "k", later)), later);
      out.readValue();
      KeyValue<String, Token> swept = out.readKeyValue();
      assertThat(swept.key).isEqualTo(issued.getToken());
      assertThat(swept.value).as("a tombstone, by stream time").isNull();
    }
  }

  @Test
  void expiredTokensAreSweptFromTheStoreAndTheTopic() {
    Token old = requestRandomNumber("r1", "k", T0);
    driver.advanceWallClockTime(Duration.ofHours(24));
    Token young = requestRandomNumber("r2", "k", T0 + Duration.ofHours(24).toMillis());
    driver.advanceWallClockTime(TokenSweeper.GRACE.plus(TokenSweeper.INTERVAL));
    KeyValue<String, Token> swept = issuedTokens.readKeyValue();
    assertThat(swept.key).isEqualTo(old.getToken());
    assertThat(swept.value).as("a tombstone").isNull();
    assertThat(issuedTokens.isEmpty()).as("the young token stays").isTrue();
    KeyValueStore<String, ValueAndTimestamp<Token>> store = driver.getTimestampedKeyValueStore(TokenTopology.TOKEN_STORE);
    assertThat(store.get(old.getToken())).isNull();
    assertThat(store.get(young.getToken()).value()).isEqualTo(young);
  }

  @Test
  void unknownMalformedForeignExpiredAndWrongKindTokensAreInvalid() {
    Token token = requestRandomNumber("r1", "key-a", T0);
    results.readValue();
    long expiry = T0 + Duration.ofHours(24).toMillis();

    submitVideo("unknown", "A".repeat(43), "key-a", T0 + 1);
    submitVideo("malformed", "not a token!", "key-a", T0 + 1);
    submitVideo("foreign", token.getToken(), "key-b", T0 + 1);
    submitVideo("expired", token.getToken(), "key-a", expiry);
    submitVideo("just-in-time", token.getToken(), "key-a", expiry - 1);
    sideFaces.pipeInput(token.getToken(), SideFaceSubmitted.newBuilder()
        .setMeta(meta("wrong-kind", Endpoint.VALIDATE_SIDE_FACE, "key-a", T0 + 1))
        .setTokenFrontFace(token.getToken()).setSelfie(ByteBuffer.wrap(new byte[] {1})).build());

    List<ApiResult> answers = new ArrayList<>(results.readValuesToList());
    assertThat(answers).as("a known or malformed token is judged at once").extracting(ApiResult::getRequestId)
        .containsExactly("malformed", "foreign", "expired", "wrong-kind");
    driver.advanceWallClockTime(TokenGate.HOLD);
    answers.addAll(results.readValuesToList());
    assertThat(answers).as("an unknown one once held for the hold").extracting(ApiResult::getRequestId).endsWith("unknown");
    assertThat(answers).allSatisfy(a -> {
      assertThat(a.getHttpStatus()).isEqualTo(400);
      assertThat(a.getErrorMessage()).isEqualTo("INVALID_TOKEN");
    });
    assertThat(acceptedVideos.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("just-in-time");
    assertThat(acceptedSideFaces.isEmpty()).isTrue();
  }

  @Test
  void aRequestThatOvertakesItsTokenIsHeldUntilTheTokenArrives() {
    String token = "B".repeat(43);
    submitVideo("early", token, "key-a", T0 + 1);
    submitVideo("early-foreign", token, "key-b", T0 + 1);
    driver.advanceWallClockTime(TokenGate.POLL);
    assertThat(results.isEmpty()).as("nothing is refused while the token may still come").isTrue();
    assertThat(acceptedVideos.isEmpty()).isTrue();

    tokens.pipeInput(token, Token.newBuilder().setToken(token).setKind(TokenKind.RANDOM_NUMBER).setApiKey("key-a")
        .setRandomNumber("1234").setIssuedAtMs(T0).setExpiresAtMs(T0 + 86_400_000L).build(), T0);
    driver.advanceWallClockTime(TokenGate.POLL);
    KeyValue<String, VideoSubmitted> accepted = acceptedVideos.readKeyValue();
    assertThat(accepted.key).isEqualTo("early");
    assertThat(accepted.value.getIssued().getRandomNumber()).isEqualTo("1234");
    assertThat(results.readValuesToList()).as("the held request of another key is judged by the same rule")
        .extracting(ApiResult::getRequestId, ApiResult::getErrorMessage).containsExactly(tuple("early-foreign", "INVALID_TOKEN"));
    driver.advanceWallClockTime(TokenGate.HOLD);
    assertThat(results.isEmpty()).as("each held request is judged once").isTrue();
    assertThat(acceptedVideos.isEmpty()).isTrue();
  }

  /** A flood of forged tokens on large uploads: the gate holds at most its byte budget of them. */
  @Test
  void pastTheHeldByteBudgetAnUnknownTokenIsRefusedAtOnce() {
    byte[] large = new byte[(int) (TokenGate.MAX_HELD_BYTES / 2 + 1)];
    submitVideo("held", "D".repeat(43), "key-a", large, T0 + 1);
    submitVideo("over-budget", "E".repeat(43), "key-a", large, T0 + 2);
    submitVideo("small", "F".repeat(43), "key-a", T0 + 3);
    assertThat(results.readValuesToList()).as("only the upload that does not fit is refused at once")
        .extracting(ApiResult::getRequestId, ApiResult::getErrorMessage).containsExactly(tuple("over-budget", "INVALID_TOKEN"));

    driver.advanceWallClockTime(TokenGate.HOLD);
    assertThat(results.readValuesToList()).extracting(ApiResult::getRequestId).containsExactlyInAnyOrder("held", "small");
    submitVideo("after", "G".repeat(43), "key-a", large, T0 + 3_000);
    assertThat(results.isEmpty()).as("the budget is given back as held requests are judged").isTrue();
    driver.advanceWallClockTime(TokenGate.HOLD);
    assertThat(results.readValue().getRequestId()).isEqualTo("after");
  }

  @Test
  void auditReplayHoldsNothing() {
    Properties props = Fixtures.driverProps();
    props.put(Requests.RECORDED_TIME_CONFIG, "true");
    try (TopologyTestDriver replay = new TopologyTestDriver(new TokenTopology(new TokenIssuer()).build(), props, Instant.ofEpochMilli(T0))) {
      Fixtures.input(replay, Topics.VIDEO_SUBMITTED).pipeInput("C".repeat(43), VideoSubmitted.newBuilder()
          .setMeta(meta("replayed", Endpoint.VALIDATE_VIDEO, "key-a", T0)).setTokenRandomNumber("C".repeat(43))
          .setVideo(ByteBuffer.wrap(new byte[] {1})).build(), T0);
      assertThat(Fixtures.output(replay, Topics.RESULTS).readValue().getErrorMessage()).isEqualTo("INVALID_TOKEN");
    }
  }

  @Test
  void verifyAcceptsVideoStillAndSideFaceTokensOnly() {
    for (TokenKind kind : TokenKind.values()) {
      String value = (kind.name() + "-".repeat(43)).substring(0, 43).replace('_', '-');
      tokens.pipeInput(value, Token.newBuilder().setToken(value).setKind(kind).setApiKey("key-a")
          .setIssuedAtMs(T0).setExpiresAtMs(T0 + 86_400_000L).build(), T0);
      verifies.pipeInput(value, VerifySubmitted.newBuilder()
          .setMeta(meta("verify-" + kind, Endpoint.VERIFY, "key-a", T0 + 5))
          .setToken(value).setParams(VerifyParams.newBuilder().setComparisonType(0).setUuid("u").build()).build(), T0 + 5);
    }

    assertThat(acceptedVerifies.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactly("verify-VIDEO", "verify-STILL", "verify-SIDE_FACE");
    assertThat(results.readValuesToList()).extracting(ApiResult::getRequestId)
        .containsExactly("verify-RANDOM_NUMBER", "verify-FRONT_FACE");
  }
}
