package org.faceid.streams.processors.selfie;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.faceid.streams.processors.common.MissingStage;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.topics.Topics;

/**
 * Selfie stage: face detection and quality of front/side selfies, issuing token_front_face and
 * token_side_face. Wired, without its face engine yet: decoded selfies answer INTERNAL_ERROR.
 */
public final class SelfieTopology {

  public static final String STAGE = "selfie";

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Routing.answers(builder.stream(Topics.SELFIE_DECODED.name(),
            Consumed.with(Topics.SELFIE_DECODED.keySerde(), Topics.SELFIE_DECODED.valueSerde()))
        .mapValues(selfie -> MissingStage.answer(selfie.getMeta(), "selfie (face detection and quality)")));
    return builder.build();
  }
}
