package org.faceid.streams.processors.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class LivenessTopologyTest {

  @Test
  void everyDecodedVideoGetsAnAnalysisThatNamesTheMissingEngine() {
    try (TopologyTestDriver driver = new TopologyTestDriver(new LivenessTopology().build(), Fixtures.driverProps())) {
      for (VideoFlow flow : VideoFlow.values()) {
        Endpoint endpoint = flow == VideoFlow.VALIDATE_VIDEO ? Endpoint.VALIDATE_VIDEO : Endpoint.VALIDATE_STILL;
        Fixtures.input(driver, Topics.VIDEO_DECODED).pipeInput("req-" + flow, DecodedVideo.newBuilder()
            .setMeta(meta("req-" + flow, endpoint, "k", T0)).setFlow(flow).setDurationMs(4000).setHasAudio(true)
            .setWidth(640).setHeight(480).setFrameCount(100).build());
      }

      var analyses = Fixtures.output(driver, Topics.LIVENESS_ANALYSED).readKeyValuesToList();
      assertThat(analyses).extracting(kv -> kv.key).containsExactly("req-VALIDATE_VIDEO", "req-VALIDATE_STILL");
      assertThat(analyses).extracting(kv -> kv.value.getStatus()).containsOnly(StageStatus.STAGE_MISSING);
      assertThat(analyses.get(0).value.getDetail()).contains("liveness");
    }
  }
}
