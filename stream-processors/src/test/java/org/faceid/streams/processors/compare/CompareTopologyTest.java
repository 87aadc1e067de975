package org.faceid.streams.processors.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.OnnxSpoofDetector;
import org.faceid.streams.processors.face.SelfieAnalysis;
import org.faceid.streams.processors.registry.RegisteredPhoto;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.processors.signals.FaceEvidences;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.NamedImage;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VerifyParams;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** verify on side-face tokens whose evidence comes from real photos, references analyzed for real. */
class CompareTopologyTest {

  static final String RICK_FRONT = "faces/rick/rick1.jpg";
  static final String RICK_SIDE = "faces/rick/rick2.jpg";
  static final String RICK_OTHER = "faces/rick/rick3.jpg";
  static final String DARYL = "faces/daryl/daryl3.jpg";
  static final String DARYL_SIDE = "faces/daryl/daryl1.jpg";

  private static final MatchThresholds THRESHOLDS = MatchThresholds.load();
  static final String MODEL_SET = "test-models";
  private static final IdentityKeys KEYS = new IdentityKeys(new byte[32]);
  static final String RICK_ID = "11010519491231002X";
  static final String DARYL_ID = "440524188001010014";
  private TopologyTestDriver driver;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(new CompareTopology(FaceTestSupport.engine(), THRESHOLDS, MODEL_SET).build(),
        Fixtures.driverProps());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static FaceEvidence evidence(byte[] selfie) {
    SelfieAnalysis analysis = FaceTestSupport.engine().analyzeSelfie(selfie);
    return FaceEvidences.of(analysis.metadata(), analysis.dominant());
  }

  static Token sideFaceToken(byte[] front, byte[] side) {
    return Token.newBuilder().setToken("t").setKind(TokenKind.SIDE_FACE).setApiKey("k").setIssuedAtMs(T0)
        .setExpiresAtMs(T0 + 1).setFrontFace(evidence(front)).setSideFace(evidence(side)).build();
  }

  /** A verify as the token gate accepted it: image_ref1..3 in order, a null one left out. */
  static VerifySubmitted accepted(Token token, VerifyParams params, byte[]... refs) {
    List<NamedImage> images = new ArrayList<>();
    for (int i = 0; i < refs.length; i++) {
      if (refs[i] != null) {
        images.add(NamedImage.newBuilder().setName("image_ref" + (i + 1)).setContent(ByteBuffer.wrap(refs[i])).build());
      }
    }
    return VerifySubmitted.newBuilder().setMeta(meta("v", Endpoint.VERIFY, "k", T0)).setToken(token.getToken())
        .setIssued(token).setParams(params).setImageRefs(images).build();
  }

  private ApiResult verify(Token token, int comparisonType, String preferences, boolean multiOriented, byte[]... refs) {
    VerifyParams params = VerifyParams.newBuilder().setComparisonType(comparisonType).setUuid("u")
        .setLivenessPreferences(preferences).setMultiOrientedDetection(multiOriented).build();
    Fixtures.input(driver, Topics.VERIFY_ACCEPTED).pipeInput("v", accepted(token, params, refs));
    return Fixtures.output(driver, Topics.RESULTS).readValue();
  }

  private ApiResult verify(Token token, String preferences, byte[]... refs) {
    return verify(token, 0, preferences, false, refs);
  }

  @Test
  void samePersonScoresAboveThe1e3ThresholdAndAnotherPersonBelow() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));

    ApiResult answer = verify(token, "none", FaceFixtures.photo(RICK_OTHER), FaceFixtures.photo(DARYL));

    assertThat(answer.getHttpStatus()).as(String.valueOf(answer.getErrorMessage())).isEqualTo(200);
    assertThat(answer.getLiveness().getProcedureValidation()).isEqualTo("PASSED");
    // Both selfies are real photos, which the anti-spoof model reads as live: not a replay.
    assertThat(Math.min(token.getFrontFace().getLiveScore(), token.getSideFace().getLiveScore()))
        .isGreaterThanOrEqualTo((float) OnnxSpoofDetector.LIVE_THRESHOLD);
    assertThat(answer.getLiveness().getFaceGenuineness()).isEqualTo("PASSED");
    assertThat(answer.getResultRef1().getConfidence()).isGreaterThan(answer.getResultRef1().getThreshold1e3());
    assertThat(answer.getResultRef2().getConfidence()).isLessThan(answer.getResultRef2().getThreshold1e3());
    assertThat(answer.getResultRef3()).isNull();
    assertThat(answer.getResultRef1().getThreshold1e3()).isLessThan(answer.getResultRef1().getThreshold1e4())
        .isEqualTo(THRESHOLDS.confidence(THRESHOLDS.far1e3()));
    assertThat(answer.getResultRef1().getThreshold1e5()).isLessThan(answer.getResultRef1().getThreshold1e6());
    assertThat(answer.getResultFaceid()).as("comparison_type 0 has no data source").isNull();
  }

  @Test
  void everyReferenceIsCheckedBeforeAnyIsAnalyzedAndTheFirstAtFaultIsNamed() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    byte[] amy = FaceFixtures.photo("faces/amy/amy1.png");
    byte[] cut = TestMedia.truncate(FaceFixtures.photo(RICK_OTHER), 0.5);

    assertThat(List.of(
        verify(token, "none", amy, TestMedia.randomBytes(500, 1)),
        verify(token, "none", TestMedia.resizedImage(amy, 300, 4500, ".png"), amy),
        verify(token, "none", FaceFixtures.photo(DARYL), amy, cut),
        verify(token, "none", FaceFixtures.noFace(), cut)))
        .extracting(ApiResult::getHttpStatus, ApiResult::getErrorMessage)
        .containsExactly(
            tuple(400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref2"),
            tuple(400, "INVALID_IMAGE_SIZE:image_ref1"),
            tuple(400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref3"),
            // the damaged second photo is named, not the first one's missing face
            tuple(400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref2"));
    assertThat(Fixtures.output(driver, Topics.TOKENS).isEmpty()).as("a refused verify leaves its token unspent").isTrue();

    ApiResult fine = verify(token, "none", amy, FaceFixtures.photo(RICK_OTHER));
    assertThat(fine.getHttpStatus()).as(String.valueOf(fine.getErrorMessage())).isEqualTo(200);
    assertThat(fine.getResultRef2().getConfidence()).isGreaterThan(fine.getResultRef2().getThreshold1e3());
  }

  @Test
  void selfiesThatAreNotBothJpegAreMetadataInconsistentUnlessTheCheckIsOff() {
    Token token = sideFaceToken(FaceFixtures.asPng(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));

    ApiResult checked = verify(token, "none", FaceFixtures.photo(RICK_OTHER));
    assertThat(checked.getHttpStatus()).isEqualTo(200);
    assertThat(checked.getLiveness().getProcedureValidation()).isEqualTo("SELFIE_METADATA_INCONSISTENT");
    assertThat(checked.getLiveness().getFaceGenuineness()).as("absent unless the procedure passed").isNull();
    assertThat(checked.getResultRef1()).as("no comparison unless the procedure passed").isNull();

    ApiResult unchecked = verify(token, "selfie_no_metadata_check", FaceFixtures.photo(RICK_OTHER));
    assertThat(unchecked.getLiveness().getProcedureValidation()).isEqualTo("PASSED");
    assertThat(unchecked.getResultRef1().getConfidence()).as("the same person as the selfies")
        .isGreaterThan(unchecked.getResultRef1().getThreshold1e3());
  }

  @Test
  void metadataIsJudgedBeforeIdentity() {
    Token token = sideFaceToken(FaceFixtures.asPng(RICK_FRONT), FaceFixtures.photo(DARYL_SIDE));
    assertThat(verify(token, "none", FaceFixtures.photo(RICK_OTHER)).getLiveness().getProcedureValidation())
        .isEqualTo("SELFIE_METADATA_INCONSISTENT");
    assertThat(verify(token, "selfie_no_metadata_check", FaceFixtures.photo(RICK_OTHER)).getLiveness()
        .getProcedureValidation()).isEqualTo("SELFIE_INCONSISTENT");
  }

  @Test
  void sideFaceTokenWithoutEvidenceIsInvalid() {
    Token old = Token.newBuilder().setToken("t").setKind(TokenKind.SIDE_FACE).setApiKey("k").setIssuedAtMs(T0)
        .setExpiresAtMs(T0 + 1).build();
    assertError(verify(old, "none", FaceFixtures.photo(RICK_OTHER)), "INVALID_TOKEN");
  }

  @Test
  void frontAndSideOfDifferentPeopleAreSelfieInconsistent() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(DARYL_SIDE));

    ApiResult answer = verify(token, "none", FaceFixtures.photo(RICK_OTHER));

    assertThat(answer.getLiveness().getProcedureValidation()).isEqualTo("SELFIE_INCONSISTENT");
    assertThat(answer.getLiveness().getFaceGenuineness()).isNull();
    assertThat(answer.getResultRef1()).isNull();
  }

  @Test
  void screenRecaptureIsScreenReplayWhileARealCaptureIsGenuine() {
    byte[] attack = FaceFixtures.photo("spoof/minivision/image_F2.jpg");
    ApiResult replay = verify(sideFaceToken(attack, attack), "none", FaceFixtures.photo(RICK_OTHER));
    assertThat(replay.getLiveness().getProcedureValidation()).isEqualTo("PASSED");
    assertThat(replay.getLiveness().getFaceGenuineness()).isEqualTo("SCREEN_REPLAY");

    byte[] real = FaceFixtures.photo("spoof/minivision/image_T1.jpg");
    ApiResult genuine = verify(sideFaceToken(real, real), "none", FaceFixtures.photo(RICK_OTHER));
    assertThat(genuine.getLiveness().getFaceGenuineness()).isEqualTo("PASSED");
  }

  @Test
  void referenceErrorsNameTheirParameter() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    byte[] good = FaceFixtures.photo(RICK_OTHER);

    assertError(verify(token, "none", good, FaceFixtures.noFace()), "NO_FACE_FOUND:image_ref2");
    assertError(verify(token, "none", FaceFixtures.twoPeople(RICK_FRONT, DARYL)), "MULTIPLE_FACES:image_ref1");
    assertError(verify(token, "none", good, null, new byte[] {7, 7, 7}), "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref3");
  }

  @Test
  void multiOrientedDetectionFindsATurnedReference() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    byte[] turned = FaceFixtures.rotated(RICK_OTHER, 90);

    assertError(verify(token, 0, "none", false, turned), "NO_FACE_FOUND:image_ref1");
    ApiResult found = verify(token, 0, "none", true, turned);
    assertThat(found.getHttpStatus()).isEqualTo(200);
    assertThat(found.getResultRef1().getConfidence()).isGreaterThan(found.getResultRef1().getThreshold1e3());
  }

  /** One liveness proof, one completed verify; a reference error leaves the token for a retry. */
  @Test
  void aCompletedVerifySpendsItsTokenAnErrorDoesNot() {
    Token token = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    TestOutputTopic<String, Token> tokens = Fixtures.output(driver, Topics.TOKENS);

    assertError(verify(token, "none", FaceFixtures.photo(RICK_OTHER), FaceFixtures.noFace()), "NO_FACE_FOUND:image_ref2");
    assertThat(tokens.isEmpty()).isTrue();

    assertThat(verify(token, "none", FaceFixtures.photo(RICK_OTHER)).getHttpStatus()).isEqualTo(200);
    KeyValue<String, Token> spent = tokens.readKeyValue();
    assertThat(spent.key).isEqualTo("t");
    assertThat(spent.value).as("a tombstone").isNull();
  }

  /** Registers a real photo as the importer does: analyzed by the engine, keyed by the number's HMAC. */
  private void register(String idNumber, String name, byte[] photo, String modelSet) {
    RegisteredPhoto analyzed = RegisteredPhoto.analyze(FaceTestSupport.engine(), photo);
    Fixtures.input(driver, Topics.IDENTITIES).pipeInput(KEYS.idKey(idNumber), Identity.newBuilder()
        .setIdKey(KEYS.idKey(idNumber)).setNameKey(KEYS.nameKey(name))
        .setPhotoState(analyzed.state()).setEmbedding(analyzed.embedding()).setModelSet(modelSet)
        .setFaceWidth(analyzed.faceWidth()).setBlur(analyzed.blur()).setBrightness(analyzed.brightness())
        .setMonochrome(analyzed.monochrome()).setSource("test").setRegisteredAtMs(T0).build());
  }

  private ApiResult verifyIdentity(Token token, String idNumber, String name, byte[]... refs) {
    VerifyParams params = VerifyParams.newBuilder().setComparisonType(1).setIdKey(KEYS.idKey(idNumber))
        .setNameKey(KEYS.nameKey(name)).build();
    Fixtures.input(driver, Topics.VERIFY_ACCEPTED).pipeInput("v", accepted(token, params, refs));
    return Fixtures.output(driver, Topics.RESULTS).readValue();
  }

  @Test
  void theRegisteredPersonPassesAboveThe1e3ThresholdAndAnotherPersonIsBelow() {
    register(RICK_ID, "Rick Grimes", FaceFixtures.photo(RICK_OTHER), MODEL_SET);
    register(DARYL_ID, "Daryl Dixon", FaceFixtures.photo(DARYL), MODEL_SET);
    Token rick = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));

    ApiResult same = verifyIdentity(rick, RICK_ID, "Rick Grimes", FaceFixtures.photo(DARYL));
    assertThat(same.getHttpStatus()).isEqualTo(200);
    assertThat(same.getResultFaceid().getConfidence()).isGreaterThan(same.getResultFaceid().getThreshold1e3());
    assertThat(same.getResultRef1().getConfidence()).as("daryl as image_ref1").isLessThan(same.getResultRef1().getThreshold1e3());
    assertThat(same.getIdExceptions().getIdAttacked()).isZero();
    assertThat(same.getIdExceptions().getIdPhotoMonochrome()).isZero();

    ApiResult other = verifyIdentity(rick, DARYL_ID, "Daryl Dixon");
    assertThat(other.getResultFaceid().getConfidence()).isLessThan(other.getResultFaceid().getThreshold1e3());
    assertThat(other.getResultRef1()).isNull();
  }

  @Test
  void eachRegistryErrorHasItsCause() {
    Token rick = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    register(RICK_ID, "Rick Grimes", FaceFixtures.photo(RICK_OTHER), MODEL_SET);

    assertError(verifyIdentity(rick, DARYL_ID, "Daryl Dixon"), "NO_SUCH_ID_NUMBER");
    assertError(verifyIdentity(rick, RICK_ID, "Daryl Dixon"), "ID_NUMBER_NAME_NOT_MATCH");
    assertError(verifyIdentity(rick, RICK_ID, "Rick Grimes", FaceFixtures.noFace()), "NO_FACE_FOUND:image_ref1");

    register(DARYL_ID, "Daryl Dixon", FaceFixtures.noFace(), MODEL_SET);
    assertError(verifyIdentity(rick, DARYL_ID, "Daryl Dixon"), "NO_FACE_FOUND:data_source");
    register(DARYL_ID, "Daryl Dixon", new byte[] {1, 2, 3}, MODEL_SET);
    assertError(verifyIdentity(rick, DARYL_ID, "Daryl Dixon"), "IMAGE_ERROR_UNSUPPORTED_FORMAT:data_source");
    register(DARYL_ID, "Daryl Dixon", FaceFixtures.photo(DARYL), "another-model-set");
    assertError(verifyIdentity(rick, DARYL_ID, "Daryl Dixon"), "DATA_SOURCE_ERROR");
  }

  @Test
  void anAttackOnAnIdNumberIsRememberedForItsLaterVerifies() {
    register(RICK_ID, "Rick Grimes", FaceFixtures.photo(RICK_OTHER), MODEL_SET);
    register(DARYL_ID, "Daryl Dixon", FaceFixtures.photo(DARYL), MODEL_SET);
    Token rick = sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE));
    byte[] recaptured = FaceFixtures.photo("spoof/minivision/image_F2.jpg");

    ApiResult replay = verifyIdentity(sideFaceToken(recaptured, recaptured), RICK_ID, "Rick Grimes");
    assertThat(replay.getLiveness().getFaceGenuineness()).isEqualTo("SCREEN_REPLAY");
    assertThat(replay.getIdExceptions().getIdAttacked()).as("earlier verifies only").isZero();
    assertThat(verifyIdentity(rick, RICK_ID, "Rick Grimes").getIdExceptions().getIdAttacked()).isEqualTo(1);
    assertThat(verifyIdentity(rick, DARYL_ID, "Daryl Dixon").getIdExceptions().getIdAttacked()).as("another ID number").isZero();

    ApiResult substituted = verifyIdentity(sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(DARYL_SIDE)),
        DARYL_ID, "Daryl Dixon");
    assertThat(substituted.getLiveness().getProcedureValidation()).isEqualTo("SELFIE_INCONSISTENT");
    assertThat(substituted.getResultFaceid()).as("no comparison after a failed procedure").isNull();
    assertThat(verifyIdentity(rick, DARYL_ID, "Daryl Dixon").getIdExceptions().getIdAttacked()).isEqualTo(1);
  }

  @Test
  void aMonochromeRegisteredPhotoIsReported() {
    register(RICK_ID, "Rick Grimes", FaceFixtures.monochrome(RICK_OTHER), MODEL_SET);
    ApiResult answer = verifyIdentity(sideFaceToken(FaceFixtures.photo(RICK_FRONT), FaceFixtures.photo(RICK_SIDE)),
        RICK_ID, "Rick Grimes");
    assertThat(answer.getIdExceptions().getIdPhotoMonochrome()).isEqualTo(1);
    assertThat(answer.getResultFaceid().getConfidence()).isGreaterThan(answer.getResultFaceid().getThreshold1e3());
  }

  private static void assertError(ApiResult answer, String error) {
    assertError(answer, 400, error);
  }

  private static void assertError(ApiResult answer, int status, String error) {
    assertThat(answer.getHttpStatus()).isEqualTo(status);
    assertThat(answer.getErrorMessage()).isEqualTo(error);
    assertThat(answer.getLiveness()).isNull();
  }
}
