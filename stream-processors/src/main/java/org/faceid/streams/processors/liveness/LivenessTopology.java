package org.faceid.streams.processors.liveness;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.topics.Topics;

/**
 * Liveness stage: faces per frame, tracking, quality, anti-spoofing. Wired, without its face engine
 * yet: every decoded video gets a STAGE_MISSING analysis, which the procedure stage answers with
 * INTERNAL_ERROR.
 */
public final class LivenessTopology {

  public static final String STAGE = "liveness";
  static final String MISSING = "liveness (face analysis of video frames)";

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.VIDEO_DECODED.name(), Consumed.with(Topics.VIDEO_DECODED.keySerde(), Topics.VIDEO_DECODED.valueSerde()))
        .mapValues(video -> LivenessAnalysis.newBuilder()
            .setMeta(video.getMeta()).setStatus(StageStatus.STAGE_MISSING).setDetail(MISSING).build())
        .to(Topics.LIVENESS_ANALYSED.name(), Produced.with(Topics.LIVENESS_ANALYSED.keySerde(), Topics.LIVENESS_ANALYSED.valueSerde()));
    return builder.build();
  }
}
