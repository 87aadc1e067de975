package org.faceid.streams.processors.procedure;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.faceid.streams.processors.signals.LipSyncScorer;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Issued;
import org.faceid.streams.processors.common.MissingStage;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.SpokenWord;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoEvidence;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;

/**
 * Procedure stage: joins the liveness and speech analyses of one validate_video request
 * (co-partitioned by request_id), scores lip sync, and issues token_video with everything verify
 * judges later: the issued and the spoken digits, the sync score, the track's identity consistency,
 * the anti-spoof score and the best face. validate_still needs liveness alone and gets token_still.
 * The vendor reports the procedure's verdict at verify (seed 002), so a clip with wrong digits still
 * earns a token here; verify answers VIDEO_SR_ERROR for it.
 */
public final class ProcedureTopology {

  public static final String STAGE = "procedure";
  /** Both analyses of one request arrive within seconds; minutes leave room for a slow decode. */
  static final Duration JOIN_WINDOW = Duration.ofMinutes(5);
  /**
   * Both analyses carry the request's own timestamp; one stage lagging behind the other (a backlog,
   * a restart) must not make the join drop its request as late.
   */
  static final Duration JOIN_GRACE = Duration.ofMinutes(30);
  static final String STILL_STRICT = "still_strict";
  /**
   * The join's processors and window stores ({@code liveness-with-speech-this-join-store}, ...): named,
   * so that a step added upstream cannot rename them and orphan their state on upgrade.
   */
  static final String JOIN = "liveness-with-speech";

  private final TokenIssuer issuer;

  public ProcedureTopology(TokenIssuer issuer) {
    this.issuer = issuer;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, LivenessAnalysis> liveness = Requests.stream(builder, Topics.LIVENESS_ANALYZED);
    KStream<String, SpeechAnalysis> speech = Requests.stream(builder, Topics.SPEECH_ANALYZED);

    Routing.issue(liveness.filter((id, l) -> l.getMeta().getEndpoint() == Endpoint.VALIDATE_STILL)
        .mapValues(l -> Guarded.outcome(STAGE, l.getMeta(), () -> issue(l, null))));
    Routing.issue(liveness.filter((id, l) -> l.getMeta().getEndpoint() == Endpoint.VALIDATE_VIDEO)
        .join(speech, (l, s) -> Guarded.outcome(STAGE, l.getMeta(), () -> issue(l, s)),
            JoinWindows.ofTimeDifferenceAndGrace(JOIN_WINDOW, JOIN_GRACE),
            StreamJoined.with(Topics.LIVENESS_ANALYZED.keySerde(), Topics.LIVENESS_ANALYZED.valueSerde(),
                Topics.SPEECH_ANALYZED.valueSerde()).withName(JOIN).withStoreName(JOIN)));
    return builder.build();
  }

  Outcome<Issued> issue(LivenessAnalysis liveness, SpeechAnalysis speech) {
    ApiResult unfinished = unfinished(liveness, speech);
    if (unfinished != null) {
      return Outcome.answer(unfinished);
    }
    boolean video = speech != null;
    StillOptions still = liveness.getStillOptions();
    VideoEvidence.Builder evidence = VideoEvidence.newBuilder()
        .setFlow(video ? VideoFlow.VALIDATE_VIDEO : VideoFlow.VALIDATE_STILL)
        .setFace(liveness.getFace())
        .setIdentityMinSimilarity(liveness.getIdentityMinSimilarity())
        .setLiveScore(liveness.getLiveScore())
        .setStillStrict(still != null && STILL_STRICT.equals(still.getLivenessPreference()));
    if (video) {
      evidence.setExpectedDigits(liveness.getExpectedDigits())
          .setSpokenDigits(speech.getDigits())
          .setIssuedSupport(speech.getIssuedSupport() == null ? null : speech.getIssuedSupport().floatValue())
          .setSpeechInDigits(speech.getSpeechInDigits() == null ? null : speech.getSpeechInDigits().floatValue())
          .setTranscriptSupport(speech.getTranscriptSupport() == null ? null : speech.getTranscriptSupport().floatValue())
          .setTranscriptOverNeighbours(speech.getTranscriptOverNeighbours() == null ? null
              : speech.getTranscriptOverNeighbours().floatValue())
          .setSyncScore((float) syncScore(liveness, speech).value());
    }
    Token token = issuer.issue(video ? TokenKind.VIDEO : TokenKind.STILL, liveness.getMeta());
    token.setVideo(evidence.build());
    ApiResult.Builder answer = Results.ok(liveness.getMeta()).setToken(token.getToken())
        .setImageBest(dataUri(liveness.getBestImage()))
        .setImageBest2(dataUri(liveness.getBestImage2()));
    if (still != null && still.getReturnMultifacesTag()) {
      answer.setMultifacesTag(liveness.getMultipleFaces() ? 1 : 0);
    }
    return Outcome.next(new Issued(token, answer.build()));
  }

  static LipSyncScorer.Score syncScore(LivenessAnalysis liveness, SpeechAnalysis speech) {
    long[] times = liveness.getFrameTimesMs().stream().mapToLong(Long::longValue).toArray();
    float[] mouth = new float[times.length];
    for (int i = 0; i < mouth.length; i++) {
      mouth[i] = liveness.getMouthOpening().get(i);
    }
    float[] envelope = new float[speech.getEnvelope().size()];
    for (int i = 0; i < envelope.length; i++) {
      envelope[i] = speech.getEnvelope().get(i);
    }
    List<long[]> spans = new ArrayList<>();
    for (SpokenWord word : speech.getWords()) {
      spans.add(new long[] {word.getStartMs(), word.getEndMs()});
    }
    return LipSyncScorer.score(times, mouth, envelope, speech.getEnvelopeRateHz(), spans);
  }

  /** The answer for a request a stage could not finish, or null when both analyses are complete. */
  static ApiResult unfinished(LivenessAnalysis liveness, SpeechAnalysis speech) {
    if (liveness.getStatus() == StageStatus.REJECTED) {
      return Results.rejected(liveness.getMeta(), liveness.getErrorMessage());
    }
    List<String> missing = new ArrayList<>();
    if (liveness.getStatus() == StageStatus.STAGE_MISSING) {
      missing.add(liveness.getDetail());
    }
    if (speech != null && speech.getStatus() != StageStatus.OK) {
      missing.add(speech.getDetail());
    }
    return missing.isEmpty() ? null : MissingStage.answer(liveness.getMeta(), String.join("; ", missing));
  }

  /** The seeds show best images as JPEG data URIs. */
  static String dataUri(ByteBuffer jpeg) {
    return jpeg == null ? null : "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Buffers.bytes(jpeg));
  }
}
