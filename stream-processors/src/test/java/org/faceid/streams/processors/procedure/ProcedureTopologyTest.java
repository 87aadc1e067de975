package org.faceid.streams.processors.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.signals.LipSyncScorer;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.SpokenWord;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcedureTopologyTest {

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};

  private TopologyTestDriver driver;
  private TestInputTopic<String, LivenessAnalysis> liveness;
  private TestInputTopic<String, SpeechAnalysis> speech;
  private TestOutputTopic<String, ApiResult> results;
  private TestOutputTopic<String, Token> tokens;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new ProcedureTopology(new TokenIssuer()).build(), Fixtures.driverProps(),
        Instant.ofEpochMilli(T0));
    liveness = Fixtures.input(driver, Topics.LIVENESS_ANALYZED);
    speech = Fixtures.input(driver, Topics.SPEECH_ANALYZED);
    results = Fixtures.output(driver, Topics.RESULTS);
    tokens = Fixtures.output(driver, Topics.TOKENS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  static FaceEvidence face() {
    return FaceEvidence.newBuilder().setFormat("jpeg").setEmbedding(ByteBuffer.wrap(new byte[2048]))
        .setLiveScore(0.97).setYaw(2).setPitch(-5).setRoll(1).setBlur(0.4).setBrightness(140).setEyesOpen(1)
        .build();
  }

  static LivenessAnalysis.Builder analyzed(String id, Endpoint endpoint) {
    return LivenessAnalysis.newBuilder().setMeta(meta(id, endpoint, "k", T0)).setStatus(StageStatus.OK)
        .setFrameTimesMs(List.of(0L, 80L, 160L)).setMouthOpening(List.of(0.01f, Float.NaN, 0.2f))
        .setFace(face()).setIdentityMinSimilarity(0.9f).setLiveScore(0.95f)
        .setBestImage(ByteBuffer.wrap(JPEG));
  }

  static SpeechAnalysis heard(String id, String digits) {
    return SpeechAnalysis.newBuilder().setMeta(meta(id, Endpoint.VALIDATE_VIDEO, "k", T0)).setStatus(StageStatus.OK)
        .setDigits(digits).setEngine("test").setWords(List.of(new SpokenWord("four", 100L, 400L)))
        .setEnvelope(List.of(1f, 2f, 3f)).build();
  }

  @Test
  void videoEarnsATokenCarryingWhatVerifyJudges() {
    liveness.pipeInput("v1", analyzed("v1", Endpoint.VALIDATE_VIDEO).setExpectedDigits("4096").build(), T0);
    speech.pipeInput("other", heard("other", "1234"), T0);
    assertThat(results.isEmpty()).as("no answer before the speech of the same request").isTrue();

    speech.pipeInput("v1", heard("v1", "4095"), T0 + 200);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(200);
    assertThat(answer.getRequestId()).isEqualTo("v1");
    assertThat(answer.getImageBest()).isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JPEG));
    assertThat(results.isEmpty()).isTrue();
    Token token = tokens.readValue();
    assertThat(token.getToken()).isEqualTo(answer.getToken());
    assertThat(token.getKind()).isEqualTo(TokenKind.VIDEO);
    assertThat(token.getApiKey()).isEqualTo("k");
    // Wrong digits still earn a token: the vendor reports VIDEO_SR_ERROR at verify.
    assertThat(token.getVideo().getExpectedDigits()).isEqualTo("4096");
    assertThat(token.getVideo().getSpokenDigits()).isEqualTo("4095");
    // Two of three frames have a face, fewer than the scorer's MIN_PAIRS: no cues, the floor score 0.
    assertThat(LipSyncScorer.MIN_PAIRS).isGreaterThan(2);
    assertThat(token.getVideo().getSyncScore()).isZero();
    assertThat(token.getVideo().getFace()).isEqualTo(face());
    assertThat(token.getVideo().getIdentityMinSimilarity()).isEqualTo(0.9f);
  }

  @Test
  void theTokenCarriesTheScoreOfTheJoinedMouthSeriesAndSpeech() {
    // Two seconds at 12.5 fps: the mouth opens and closes with a 600 ms period and the sound follows it.
    int frames = 25;
    long[] times = new long[frames];
    float[] mouth = new float[frames];
    for (int i = 0; i < frames; i++) {
      times[i] = i * 80L;
      mouth[i] = (float) (0.3 + 0.2 * Math.sin(2 * Math.PI * times[i] / 600.0));
    }
    float[] envelope = new float[200];
    for (int i = 0; i < envelope.length; i++) {
      envelope[i] = (float) (5 + 3 * Math.sin(2 * Math.PI * (i * 10 - 40) / 600.0));
    }
    List<SpokenWord> words = List.of(new SpokenWord("four", 200L, 600L), new SpokenWord("zero", 800L, 1200L),
        new SpokenWord("nine", 1400L, 1800L));
    List<long[]> spans = words.stream().map(w -> new long[] {w.getStartMs(), w.getEndMs()}).toList();
    double expected = LipSyncScorer.score(times, mouth, envelope, 100, spans).value();

    liveness.pipeInput("v3", analyzed("v3", Endpoint.VALIDATE_VIDEO).setExpectedDigits("409")
        .setFrameTimesMs(Arrays.stream(times).boxed().toList())
        .setMouthOpening(toList(mouth)).build(), T0);
    speech.pipeInput("v3", SpeechAnalysis.newBuilder(heard("v3", "409")).setWords(words).setEnvelope(toList(envelope))
        .setEnvelopeRateHz(100).build(), T0);

    assertThat(results.readValue().getHttpStatus()).isEqualTo(200);
    assertThat(expected).as("enough frames for cues: a fused score, not the floor").isGreaterThan(0);
    assertThat(tokens.readValue().getVideo().getSyncScore()).isEqualTo((float) expected);
  }

  private static List<Float> toList(float[] values) {
    List<Float> out = new ArrayList<>();
    for (float v : values) {
      out.add(v);
    }
    return out;
  }

  @Test
  void aLivenessStageFarBehindStillJoinsItsRequest() {
    speech.pipeInput("v9", heard("v9", "4096"), T0);
    // Later requests move stream time ten minutes on while liveness catches up.
    speech.pipeInput("later", heard("later", "1234"), T0 + 600_000);
    liveness.pipeInput("v9", analyzed("v9", Endpoint.VALIDATE_VIDEO).setExpectedDigits("4096").build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getRequestId()).isEqualTo("v9");
    assertThat(answer.getHttpStatus()).isEqualTo(200);
  }

  @Test
  void stillEarnsATokenWithBothImagesAndTheMultifacesTagWhenAsked() {
    StillOptions options = StillOptions.newBuilder().setReturnImage(2).setReturnMultifacesTag(true)
        .setLivenessPreference("still_strict").build();
    liveness.pipeInput("s1", analyzed("s1", Endpoint.VALIDATE_STILL).setBestImage2(ByteBuffer.wrap(JPEG))
        .setMultipleFaces(true).setStillOptions(options).build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(200);
    assertThat(answer.getImageBest()).startsWith("data:image/jpeg;base64,");
    assertThat(answer.getImageBest2()).isEqualTo(answer.getImageBest());
    assertThat(answer.getMultifacesTag()).isEqualTo(1);
    Token token = tokens.readValue();
    assertThat(token.getKind()).isEqualTo(TokenKind.STILL);
    assertThat(token.getVideo().getFlow()).isEqualTo(VideoFlow.VALIDATE_STILL);
    assertThat(token.getVideo().getStillStrict()).isTrue();
    assertThat(token.getVideo().getSyncScore()).isNull();
  }

  @Test
  void stillWithoutTheTagOptionLeavesTheTagOut() {
    liveness.pipeInput("s2", analyzed("s2", Endpoint.VALIDATE_STILL).setMultipleFaces(true)
        .setStillOptions(StillOptions.newBuilder().build()).build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getMultifacesTag()).isNull();
    assertThat(tokens.readValue().getVideo().getStillStrict()).isFalse();
  }

  @Test
  void livenessRejectionIsAnsweredWithItsErrorAndNoToken() {
    liveness.pipeInput("s3", LivenessAnalysis.newBuilder().setMeta(meta("s3", Endpoint.VALIDATE_STILL, "k", T0))
        .setStatus(StageStatus.REJECTED).setErrorMessage("VIDEO_FACE_NOT_FOUND").build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(400);
    assertThat(answer.getErrorMessage()).isEqualTo("VIDEO_FACE_NOT_FOUND");
    assertThat(tokens.isEmpty()).isTrue();
  }

  @Test
  void aMissingStageIsAnInternalErrorNeverASuccess() {
    liveness.pipeInput("v2", analyzed("v2", Endpoint.VALIDATE_VIDEO).build(), T0);
    speech.pipeInput("v2", SpeechAnalysis.newBuilder().setMeta(meta("v2", Endpoint.VALIDATE_VIDEO, "k", T0))
        .setStatus(StageStatus.STAGE_MISSING).setDetail("speech").build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(500);
    assertThat(answer.getToken()).isNull();
    assertThat(tokens.isEmpty()).isTrue();
  }
}
