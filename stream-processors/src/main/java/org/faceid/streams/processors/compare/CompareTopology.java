package org.faceid.streams.processors.compare;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.MissingStage;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.ReferenceFace;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Comparison;
import org.faceid.streams.schema.DecodedImage;
import org.faceid.streams.schema.DecodedVerify;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Liveness;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.topics.Topics;

/**
 * Compare stage: answers verify. The token brings the liveness evidence of its flow; the reference
 * photos image_ref1..3 are analysed here and compared with the flow's face. Reference errors
 * (unreadable, no face, several faces) fail the request; a failed procedure answers without
 * genuineness or comparison, as seed 002 says.
 */
public final class CompareTopology {

  public static final String STAGE = "compare";
  static final String IMAGE_ERROR_UNSUPPORTED_FORMAT = "IMAGE_ERROR_UNSUPPORTED_FORMAT";

  private final FaceEngine engine;
  private final MatchThresholds thresholds;
  private final SelfieLiveness selfies;
  private final VideoLiveness videos;

  public CompareTopology(FaceEngine engine, MatchThresholds thresholds) {
    this.engine = engine;
    this.thresholds = thresholds;
    this.selfies = new SelfieLiveness(thresholds);
    this.videos = new VideoLiveness(thresholds);
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    record Verified(String token, ApiResult answer) {}
    KStream<String, Verified> verified = Requests.stream(builder, Topics.VERIFY_DECODED)
        .mapValues(verify -> new Verified(verify.getIssued().getToken(),
            Guarded.answer(STAGE, verify.getMeta(), () -> answer(verify))));
    // One liveness proof, one completed verify: the token is spent with its answer, in the same
    // transaction. An error answer (a bad reference photo, say) leaves it for a corrected retry.
    Routing.spend(verified.filter((k, v) -> v.answer().getHttpStatus() == Results.OK, Named.as("completed-verify"))
        .mapValues(Verified::token));
    Routing.answers(verified.mapValues(Verified::answer));
    return builder.build();
  }

  private ApiResult answer(DecodedVerify verify) {
    if (verify.getParams().getComparisonType() == 1) {
      return MissingStage.answer(verify.getMeta(), "compare (identity registry for comparison_type=1)");
    }
    FaceEvidence flowFace = flowFace(verify.getIssued());
    if (flowFace == null) {
      // A token written before tokens carried evidence: it cannot be verified.
      return Results.badRequest(verify.getMeta(), Results.INVALID_TOKEN);
    }
    float[][] references = new float[verify.getRefs().size()][];
    for (int i = 0; i < references.length; i++) {
      DecodedImage ref = verify.getRefs().get(i);
      ReferenceFace face;
      try {
        face = engine.analyzeReference(Buffers.bytes(ref.getContent()), verify.getParams().getMultiOrientedDetection());
      } catch (IllegalArgumentException e) {
        return Results.badRequest(verify.getMeta(), IMAGE_ERROR_UNSUPPORTED_FORMAT + ":" + ref.getName());
      }
      if (face.error() != null) {
        return Results.badRequest(verify.getMeta(), face.error() + ":" + ref.getName());
      }
      references[i] = face.embedding();
    }
    Liveness liveness = liveness(verify.getIssued(), verify.getParams().getLivenessPreferences());
    ApiResult.Builder result = Results.ok(verify.getMeta()).setLiveness(liveness);
    if (!SelfieLiveness.PASSED.equals(liveness.getProcedureValidation())) {
      return result.build();
    }
    float[] embedding = Embeddings.fromBytes(flowFace.getEmbedding());
    for (int i = 0; i < references.length; i++) {
      Comparison comparison = thresholds.comparison(FaceEngine.similarity(embedding, references[i]));
      switch (verify.getRefs().get(i).getName()) {
        case "image_ref1" -> result.setResultRef1(comparison);
        case "image_ref2" -> result.setResultRef2(comparison);
        case "image_ref3" -> result.setResultRef3(comparison);
        default -> throw new IllegalStateException("unexpected reference " + verify.getRefs().get(i).getName());
      }
    }
    return result.build();
  }

  /** The face the flow stands for: the front selfie, or the best face of the clip; null if the token has none. */
  private static FaceEvidence flowFace(Token token) {
    if (token.getKind() == TokenKind.SIDE_FACE) {
      return token.getSideFace() == null ? null : token.getFrontFace();
    }
    return token.getVideo() == null ? null : token.getVideo().getFace();
  }

  private Liveness liveness(Token token, String preferences) {
    return token.getKind() == TokenKind.SIDE_FACE
        ? selfies.judge(token.getFrontFace(), token.getSideFace(), preferences)
        : videos.judge(token.getVideo(), preferences);
  }
}
