package org.faceid.streams.processors.compare;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.faceid.streams.processors.common.MissingStage;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.topics.Topics;

/**
 * Compare stage: liveness verdict of the token's evidence, face comparison with image_ref1..3 or the
 * identity registry. Wired, without its face engine yet: decoded verify requests answer INTERNAL_ERROR.
 */
public final class CompareTopology {

  public static final String STAGE = "compare";

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Routing.answers(builder.stream(Topics.VERIFY_DECODED.name(),
            Consumed.with(Topics.VERIFY_DECODED.keySerde(), Topics.VERIFY_DECODED.valueSerde()))
        .mapValues(verify -> MissingStage.answer(verify.getMeta(), "compare (face embeddings and comparison)")));
    return builder.build();
  }
}
