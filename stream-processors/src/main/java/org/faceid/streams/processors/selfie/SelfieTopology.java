package org.faceid.streams.processors.selfie;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.faceid.streams.processors.signals.FaceEvidences;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Issued;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.SelfieAnalysis;
import org.faceid.streams.processors.face.SelfieCheck;
import org.faceid.streams.processors.face.UploadedImages;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selfie stage: judges front and side selfies with the face engine, as uploaded: the photo is checked
 * ({@link UploadedImages}) and decoded here, once, with no decode stage between the gateway (or the
 * token gate, for a side selfie) and this one. An accepted selfie earns a token
 * that carries its evidence (a side-face token carries the front face's too), written to the token
 * store in the same transaction as the answer, so verify later finds everything on the token alone.
 */
public final class SelfieTopology {

  public static final String STAGE = "selfie";

  private static final Logger log = LoggerFactory.getLogger(SelfieTopology.class);

  private final FaceEngine engine;
  private final TokenIssuer issuer;

  public SelfieTopology(FaceEngine engine, TokenIssuer issuer) {
    this.engine = engine;
    this.issuer = issuer;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Outcome<Issued>> fronts = Requests.stream(builder, Topics.FRONT_FACE_SUBMITTED)
        .mapValues(r -> judged(r.getMeta(), r.getSelfie(), true, null), Named.as("front-judged"));
    KStream<String, Outcome<Issued>> sides = Requests.stream(builder, Topics.SIDE_FACE_ACCEPTED)
        .mapValues(r -> judged(r.getMeta(), r.getSelfie(), false, r.getIssued()), Named.as("side-judged"));
    Routing.issue(fronts.merge(sides, Named.as("selfies-judged")));
    return builder.build();
  }

  private Outcome<Issued> judged(RequestMeta meta, ByteBuffer selfie, boolean front, Token frontToken) {
    return Guarded.outcome(STAGE, meta, () -> judge(meta, Buffers.bytes(selfie), front, frontToken));
  }

  /** @param frontToken for a side selfie, the front-face token the gate accepted */
  private Outcome<Issued> judge(RequestMeta meta, byte[] selfie, boolean front, Token frontToken) {
    ApiError refusal = UploadedImages.refusal(selfie);
    if (refusal != null) {
      return Outcome.answer(Results.error(meta, refusal));
    }
    if (!front && frontToken.getFrontFace() == null) {
      // A front-face token written before tokens carried evidence: nothing to verify later.
      return Outcome.answer(Results.error(meta, ApiError.INVALID_TOKEN));
    }
    SelfieAnalysis analysis;
    try {
      analysis = engine.analyzeSelfie(selfie);
    } catch (IllegalArgumentException e) {
      log.info("request {}: selfie unreadable by the face engine: {}", meta.getRequestId(), e.getMessage());
      return Outcome.answer(Results.error(meta, ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT));
    }
    ApiError error = front ? SelfieCheck.front(analysis) : SelfieCheck.side(analysis);
    if (error != null) {
      return Outcome.answer(Results.error(meta, error));
    }
    FaceEvidence evidence = FaceEvidences.of(analysis.metadata(), analysis.dominant());
    Token token = issuer.issue(front ? TokenKind.FRONT_FACE : TokenKind.SIDE_FACE, meta);
    if (front) {
      token.setFrontFace(evidence);
    } else {
      token.setFrontFace(frontToken.getFrontFace());
      token.setSideFace(evidence);
    }
    return Outcome.next(new Issued(token, Results.ok(meta).setToken(token.getToken()).build()));
  }

}
