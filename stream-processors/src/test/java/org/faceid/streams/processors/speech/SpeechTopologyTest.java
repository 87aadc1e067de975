package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class SpeechTopologyTest {

  private static DecodedVideo decoded(String id, Endpoint endpoint, VideoFlow flow) {
    return DecodedVideo.newBuilder().setMeta(meta(id, endpoint, "k", T0)).setFlow(flow)
        .setDurationMs(2000).setHasAudio(flow == VideoFlow.VALIDATE_VIDEO).setWidth(1).setHeight(1).setFrameCount(50).build();
  }

  @Test
  void onlyValidateVideoIsListenedToAndTheMissingRecogniserIsReported() {
    try (TopologyTestDriver driver = new TopologyTestDriver(new SpeechTopology().build(), Fixtures.driverProps())) {
      var decodedVideos = Fixtures.input(driver, Topics.VIDEO_DECODED);
      decodedVideos.pipeInput("still", decoded("still", Endpoint.VALIDATE_STILL, VideoFlow.VALIDATE_STILL));
      decodedVideos.pipeInput("video", decoded("video", Endpoint.VALIDATE_VIDEO, VideoFlow.VALIDATE_VIDEO));

      var out = Fixtures.output(driver, Topics.SPEECH_ANALYSED).readKeyValuesToList();
      assertThat(out).hasSize(1);
      SpeechAnalysis analysis = out.get(0).value;
      assertThat(out.get(0).key).isEqualTo("video");
      assertThat(analysis.getStatus()).isEqualTo(StageStatus.STAGE_MISSING);
      assertThat(analysis.getDigits()).as("no digits are made up").isNull();
    }
  }
}
