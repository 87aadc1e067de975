package org.faceid.streams.processors.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcedureTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, LivenessAnalysis> liveness;
  private TestInputTopic<String, SpeechAnalysis> speech;
  private TestOutputTopic<String, ApiResult> results;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new ProcedureTopology().build(), Fixtures.driverProps(), Instant.ofEpochMilli(T0));
    liveness = Fixtures.input(driver, Topics.LIVENESS_ANALYSED);
    speech = Fixtures.input(driver, Topics.SPEECH_ANALYSED);
    results = Fixtures.output(driver, Topics.RESULTS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void videoIsAnsweredOnlyOnceBothAnalysesOfTheSameRequestArrived() {
    liveness.pipeInput("v1", LivenessAnalysis.newBuilder().setMeta(meta("v1", Endpoint.VALIDATE_VIDEO, "k", T0))
        .setStatus(StageStatus.STAGE_MISSING).setDetail("liveness").build(), T0);
    speech.pipeInput("other", SpeechAnalysis.newBuilder().setMeta(meta("other", Endpoint.VALIDATE_VIDEO, "k", T0))
        .setStatus(StageStatus.STAGE_MISSING).build(), T0);
    assertThat(results.isEmpty()).isTrue();

    speech.pipeInput("v1", SpeechAnalysis.newBuilder().setMeta(meta("v1", Endpoint.VALIDATE_VIDEO, "k", T0))
        .setStatus(StageStatus.STAGE_MISSING).setDetail("speech").build(), T0 + 200);

    ApiResult answer = results.readValue();
    assertThat(answer.getRequestId()).isEqualTo("v1");
    assertThat(answer.getHttpStatus()).isEqualTo(500);
    assertThat(answer.getErrorMessage()).isEqualTo("INTERNAL_ERROR");
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void livenessRejectionIsAnsweredWithItsError() {
    liveness.pipeInput("s1", LivenessAnalysis.newBuilder().setMeta(meta("s1", Endpoint.VALIDATE_STILL, "k", T0))
        .setStatus(StageStatus.REJECTED).setErrorMessage("VIDEO_FACE_NOT_FOUND").build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(400);
    assertThat(answer.getErrorMessage()).isEqualTo("VIDEO_FACE_NOT_FOUND");
  }

  @Test
  void stillWithAMissingStageIsAnInternalErrorNeverASuccess() {
    liveness.pipeInput("s2", LivenessAnalysis.newBuilder().setMeta(meta("s2", Endpoint.VALIDATE_STILL, "k", T0))
        .setStatus(StageStatus.STAGE_MISSING).setDetail("liveness").build(), T0);

    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(500);
    assertThat(answer.getToken()).isNull();
  }
}
