package org.faceid.streams.processors.procedure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.faceid.streams.processors.common.MissingStage;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.topics.Topics;

/**
 * Procedure stage: joins the liveness and speech analyses of one validate_video request
 * (co-partitioned by request_id) and answers validate_still from liveness alone. A rejection from
 * liveness is answered with its error; the checks that need the missing engines answer
 * INTERNAL_ERROR until those engines exist.
 */
public final class ProcedureTopology {

  public static final String STAGE = "procedure";
  /** Both analyses of one request arrive within seconds; minutes leave room for a slow decode. */
  static final Duration JOIN_WINDOW = Duration.ofMinutes(5);

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, LivenessAnalysis> liveness = builder.stream(Topics.LIVENESS_ANALYSED.name(),
        Consumed.with(Topics.LIVENESS_ANALYSED.keySerde(), Topics.LIVENESS_ANALYSED.valueSerde()));
    KStream<String, SpeechAnalysis> speech = builder.stream(Topics.SPEECH_ANALYSED.name(),
        Consumed.with(Topics.SPEECH_ANALYSED.keySerde(), Topics.SPEECH_ANALYSED.valueSerde()));

    Routing.answers(liveness.filter((id, l) -> l.getMeta().getEndpoint() == Endpoint.VALIDATE_STILL)
        .mapValues(l -> answer(l, null)));
    Routing.answers(liveness.filter((id, l) -> l.getMeta().getEndpoint() == Endpoint.VALIDATE_VIDEO)
        .join(speech, ProcedureTopology::answer, JoinWindows.ofTimeDifferenceWithNoGrace(JOIN_WINDOW),
            StreamJoined.with(Topics.LIVENESS_ANALYSED.keySerde(), Topics.LIVENESS_ANALYSED.valueSerde(),
                Topics.SPEECH_ANALYSED.valueSerde())));
    return builder.build();
  }

  static ApiResult answer(LivenessAnalysis liveness, SpeechAnalysis speech) {
    if (liveness.getStatus() == StageStatus.REJECTED) {
      return Results.badRequest(liveness.getMeta(), liveness.getErrorMessage());
    }
    List<String> missing = new ArrayList<>();
    if (liveness.getStatus() == StageStatus.STAGE_MISSING) {
      missing.add(liveness.getDetail());
    }
    if (speech != null && speech.getStatus() == StageStatus.STAGE_MISSING) {
      missing.add(speech.getDetail());
    }
    missing.add("procedure (digits and lip-sync checks, token_video/token_still)");
    return MissingStage.answer(liveness.getMeta(), String.join("; ", missing));
  }
}
