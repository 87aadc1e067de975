package org.faceid.streams.processors.selfie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FrontFaceSubmitted;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The selfie stage on real photos through the real face engine. */
class SelfieTopologyTest {

  static final String RICK_FRONT = "faces/rick/rick1.jpg";
  static final String RICK_SIDE = "faces/rick/rick2.jpg";

  private TopologyTestDriver driver;
  private TestOutputTopic<String, ApiResult> results;
  private TestOutputTopic<String, Token> tokens;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(new SelfieTopology(FaceTestSupport.engine(), new TokenIssuer()).build(),
        Fixtures.driverProps());
    results = Fixtures.output(driver, Topics.RESULTS);
    tokens = Fixtures.output(driver, Topics.TOKENS);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** A front selfie as the gateway publishes it, or a side selfie as the token gate accepted it. */
  private ApiResult submit(String id, Endpoint endpoint, byte[] selfie, Token issued) {
    if (endpoint == Endpoint.VALIDATE_FRONT_FACE) {
      Fixtures.input(driver, Topics.FRONT_FACE_SUBMITTED).pipeInput(id, FrontFaceSubmitted.newBuilder()
          .setMeta(meta(id, endpoint, "k", T0)).setSelfie(ByteBuffer.wrap(selfie)).build());
    } else {
      Fixtures.input(driver, Topics.SIDE_FACE_ACCEPTED).pipeInput(id, SideFaceSubmitted.newBuilder()
          .setMeta(meta(id, endpoint, "k", T0)).setTokenFrontFace(issued.getToken()).setSelfie(ByteBuffer.wrap(selfie))
          .setIssued(issued).build());
    }
    return results.readValue();
  }

  @Test
  void frontSelfieEarnsATokenCarryingItsEvidence() {
    ApiResult answer = submit("f1", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.photo(RICK_FRONT), null);

    assertThat(answer.getHttpStatus()).as(String.valueOf(answer.getErrorMessage())).isEqualTo(200);
    Token token = tokens.readKeyValue().value;
    assertThat(answer.getToken()).isEqualTo(token.getToken()).hasSize(43);
    assertThat(token.getKind()).isEqualTo(TokenKind.FRONT_FACE);
    assertThat(token.getApiKey()).isEqualTo("k");
    assertThat(token.getFrontFace().getFormat()).isEqualTo("jpeg");
    assertThat(token.getFrontFace().getEmbedding().remaining()).isEqualTo(512 * Float.BYTES);
    assertThat(Math.abs(token.getFrontFace().getYaw())).isLessThan(20);
    assertThat(token.getSideFace()).isNull();
  }

  @Test
  void sideSelfieCarriesTheFrontEvidenceOnwards() {
    submit("f2", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.photo(RICK_FRONT), null);
    Token front = tokens.readKeyValue().value;

    ApiResult answer = submit("s2", Endpoint.VALIDATE_SIDE_FACE, FaceFixtures.photo(RICK_SIDE), front);

    assertThat(answer.getHttpStatus()).as(String.valueOf(answer.getErrorMessage())).isEqualTo(200);
    Token side = tokens.readKeyValue().value;
    assertThat(answer.getToken()).isEqualTo(side.getToken()).isNotEqualTo(front.getToken());
    assertThat(side.getKind()).isEqualTo(TokenKind.SIDE_FACE);
    assertThat(side.getFrontFace()).isEqualTo(front.getFrontFace());
    assertThat(Math.abs(side.getSideFace().getYaw())).isGreaterThan(20);
  }

  static Stream<Arguments> refusedSelfies() {
    return Stream.of(
        Arguments.of("two people of equal size", Endpoint.VALIDATE_FRONT_FACE,
            FaceFixtures.twoPeople(RICK_FRONT, "faces/daryl/daryl3.jpg"), "MULTIPLE_FACES"),
        Arguments.of("garden without a face", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.noFace(), "NO_FACE_FOUND"),
        Arguments.of("blurred", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.blurred("faces/daryl/daryl3.jpg"), "FACE_BLURRED"),
        Arguments.of("darkened", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.relit(RICK_FRONT, 0.25, 0), "FACE_POOR_LIGHT"),
        Arguments.of("in a corner", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.inCorner("faces/daryl/daryl3.jpg"),
            "FACE_NOT_PROPER_POSITION"),
        Arguments.of("upside down", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.rotated(RICK_FRONT, 180), "FACE_NOT_FRONT"),
        Arguments.of("turned", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.photo(RICK_SIDE), "FACE_NOT_FRONT"),
        Arguments.of("frontal as side", Endpoint.VALIDATE_SIDE_FACE, FaceFixtures.photo(RICK_FRONT), "FACE_NOT_SIDE"),
        Arguments.of("not an image", Endpoint.VALIDATE_FRONT_FACE, new byte[] {1, 2, 3}, "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
        Arguments.of("random bytes", Endpoint.VALIDATE_FRONT_FACE, TestMedia.randomBytes(3_000, 3), "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
        Arguments.of("cut in half", Endpoint.VALIDATE_FRONT_FACE, TestMedia.truncate(FaceFixtures.photo(RICK_FRONT), 0.5),
            "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
        Arguments.of("wider than 4096 px", Endpoint.VALIDATE_FRONT_FACE,
            TestMedia.resizedImage(FaceFixtures.photo(RICK_FRONT), 4200, 600, ".jpg"), "INVALID_IMAGE_SIZE"),
        Arguments.of("BMP cut in half (refused by the engine's decode)", Endpoint.VALIDATE_FRONT_FACE,
            TestMedia.truncate(TestMedia.reencode(FaceFixtures.photo(RICK_FRONT), ".bmp"), 0.5), "IMAGE_ERROR_UNSUPPORTED_FORMAT"),
        Arguments.of("side selfie cut in half", Endpoint.VALIDATE_SIDE_FACE, TestMedia.truncate(FaceFixtures.photo(RICK_SIDE), 0.5),
            "IMAGE_ERROR_UNSUPPORTED_FORMAT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSelfies")
  void refusedSelfieIsAnsweredWithoutAToken(String what, Endpoint endpoint, byte[] selfie, String error) {
    Token front = endpoint == Endpoint.VALIDATE_SIDE_FACE ? frontToken() : null;

    ApiResult answer = submit("r", endpoint, selfie, front);

    assertThat(answer.getHttpStatus()).isEqualTo(400);
    assertThat(answer.getErrorMessage()).isEqualTo(error);
    assertThat(answer.getToken()).isNull();
    assertThat(tokens.isEmpty()).isTrue();
  }

  @Test
  void frontTokenWithoutEvidenceIsInvalidForTheSideSelfie() {
    Token old = Token.newBuilder().setToken("t").setKind(TokenKind.FRONT_FACE).setApiKey("k").setIssuedAtMs(T0)
        .setExpiresAtMs(T0 + 1).build();
    ApiResult answer = submit("old", Endpoint.VALIDATE_SIDE_FACE, FaceFixtures.photo(RICK_SIDE), old);
    assertThat(answer.getErrorMessage()).isEqualTo("INVALID_TOKEN");
    assertThat(tokens.isEmpty()).isTrue();
  }

  private Token frontToken() {
    submit("front", Endpoint.VALIDATE_FRONT_FACE, FaceFixtures.photo(RICK_FRONT), null);
    return tokens.readKeyValue().value;
  }
}
