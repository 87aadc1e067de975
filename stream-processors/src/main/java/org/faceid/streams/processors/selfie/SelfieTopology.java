package org.faceid.streams.processors.selfie;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
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
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.DecodedSelfie;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selfie stage: judges front and side selfies with the face engine. An accepted selfie earns a token
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
    Routing.issue(Requests.stream(builder, Topics.SELFIE_DECODED)
        .mapValues(selfie -> Guarded.outcome(STAGE, selfie.getMeta(), () -> judge(selfie))));
    return builder.build();
  }

  private Outcome<Issued> judge(DecodedSelfie selfie) {
    boolean front = selfie.getMeta().getEndpoint() == Endpoint.VALIDATE_FRONT_FACE;
    if (!front && selfie.getIssued().getFrontFace() == null) {
      // A front-face token written before tokens carried evidence: nothing to verify later.
      return Outcome.answer(Results.error(selfie.getMeta(), ApiError.INVALID_TOKEN));
    }
    SelfieAnalysis analysis;
    try {
      analysis = engine.analyzeSelfie(Buffers.bytes(selfie.getImage().getContent()));
    } catch (IllegalArgumentException e) {
      log.info("request {}: selfie unreadable by the face engine: {}", selfie.getMeta().getRequestId(), e.getMessage());
      return Outcome.answer(Results.error(selfie.getMeta(), ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT));
    }
    ApiError error = front ? SelfieCheck.front(analysis) : SelfieCheck.side(analysis);
    if (error != null) {
      return Outcome.answer(Results.error(selfie.getMeta(), error));
    }
    FaceEvidence evidence = FaceEvidences.of(analysis.metadata(), analysis.dominant());
    Token token = issuer.issue(front ? TokenKind.FRONT_FACE : TokenKind.SIDE_FACE, selfie.getMeta());
    if (front) {
      token.setFrontFace(evidence);
    } else {
      token.setFrontFace(selfie.getIssued().getFrontFace());
      token.setSideFace(evidence);
    }
    return Outcome.next(new Issued(token, Results.ok(selfie.getMeta()).setToken(token.getToken()).build()));
  }

}
