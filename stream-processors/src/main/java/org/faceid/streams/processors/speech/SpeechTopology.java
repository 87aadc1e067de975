package org.faceid.streams.processors.speech;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;

/**
 * Speech stage: recognises the spoken digits of validate_video. Wired, without its recogniser yet:
 * it reports STAGE_MISSING, which the procedure stage answers with INTERNAL_ERROR.
 */
public final class SpeechTopology {

  public static final String STAGE = "speech";
  static final String MISSING = "speech (digit recognition)";

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.VIDEO_DECODED.name(), Consumed.with(Topics.VIDEO_DECODED.keySerde(), Topics.VIDEO_DECODED.valueSerde()))
        .filter((requestId, video) -> video.getFlow() == VideoFlow.VALIDATE_VIDEO)
        .mapValues(video -> SpeechAnalysis.newBuilder()
            .setMeta(video.getMeta()).setStatus(StageStatus.STAGE_MISSING).setDetail(MISSING).build())
        .to(Topics.SPEECH_ANALYSED.name(), Produced.with(Topics.SPEECH_ANALYSED.keySerde(), Topics.SPEECH_ANALYSED.valueSerde()));
    return builder.build();
  }
}
