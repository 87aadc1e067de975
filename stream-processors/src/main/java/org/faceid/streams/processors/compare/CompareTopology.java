package org.faceid.streams.processors.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.face.ReferenceFace;
import org.faceid.streams.processors.face.UploadedImages;
import org.faceid.streams.processors.registry.IdentitySource;
import org.faceid.streams.processors.registry.RegistryTable;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Comparison;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.IdentityCheck;
import org.faceid.streams.schema.Liveness;
import org.faceid.streams.schema.NamedImage;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.topics.AvroSerde;
import org.faceid.streams.topics.Topics;

/**
 * Compare stage: answers verify, as the token gate accepted it. The token brings the liveness
 * evidence of its flow; the reference photos image_ref1..3 are checked ({@link UploadedImages}),
 * analyzed here and compared with the flow's face. Reference errors (unreadable, too large, no face,
 * several faces) fail the request, naming the first reference at fault; a failed procedure answers
 * without genuineness or comparison, as seed 002 says.
 *
 * <p>comparison_type=1 then goes on, re-keyed by the ID number's HMAC, to the identity registry
 * ({@code faceid.identities} as a global table, {@value #IDENTITY_STORE}) and to the attack history
 * of that ID number ({@value #ATTACK_STORE}), which this stream itself keeps: one partition owns each
 * ID number, so "attacked before" is decided in one place.
 */
public final class CompareTopology {

  public static final String STAGE = "compare";
  public static final String IDENTITY_STORE = "identity-store";
  public static final String ATTACK_STORE = "identity-attack-store";

  private final FaceEngine engine;
  private final MatchThresholds thresholds;
  private final SelfieLiveness selfies;
  private final VideoLiveness videos;
  private final RegistryComparison registry;

  /**
   * @param modelSet the fingerprint of the running face models ({@code ProcessorsConfig#modelSet}): a
   *     registered embedding made with another set is not compared
   */
  public CompareTopology(FaceEngine engine, MatchThresholds thresholds, String modelSet) {
    this(engine, thresholds, modelSet, null);
  }

  /** @param external an identity source asked for what the registry lacks (its answers cached there), or null */
  public CompareTopology(FaceEngine engine, MatchThresholds thresholds, String modelSet, IdentitySource external) {
    this.engine = engine;
    this.thresholds = thresholds;
    this.selfies = new SelfieLiveness(thresholds);
    this.videos = new VideoLiveness(thresholds);
    this.registry = new RegistryComparison(thresholds, modelSet, external);
  }

  /** The flow's own evidence, judged: liveness, the flow's face when the procedure passed, each reference's comparison. */
  private record Judged(Liveness liveness, float[] flowFace, Map<String, Comparison> references) {}

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    RegistryTable.add(builder, IDENTITY_STORE);
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ATTACK_STORE),
        Serdes.String(), Serdes.Long()));

    Map<String, KStream<String, VerifySubmitted>> byType = Requests.stream(builder, Topics.VERIFY_ACCEPTED)
        .split(Named.as("comparison-type-"))
        .branch((k, verify) -> verify.getParams().getComparisonType() == 1, Branched.as("1"))
        .defaultBranch(Branched.as("0"));

    KStream<String, Verified> againstReferences = byType.get("comparison-type-0")
        .mapValues(verify -> new Verified(verify.getIssued().getToken(),
            Guarded.answer(STAGE, verify.getMeta(), () -> againstReferences(verify))), Named.as("against-references"));

    KStream<String, Outcome<IdentityCheck>> checks = byType.get("comparison-type-1")
        .mapValues(verify -> Guarded.outcome(STAGE, verify.getMeta(), () -> identityCheck(verify)), Named.as("own-evidence"));
    KStream<String, Verified> refused = checks.filter((k, o) -> o.answered(), Named.as("own-evidence-refused"))
        .mapValues(o -> new Verified(null, o.answer()));
    KStream<String, RegistryComparison.Judged> judged = checks.filter((k, o) -> !o.answered(), Named.as("own-evidence-judged"))
        .map((k, o) -> KeyValue.pair(o.next().getIdKey(), o.next()), Named.as("by-identity"))
        .repartition(Repartitioned.with(Serdes.String(), AvroSerde.of(IdentityCheck.class)).withName("verify-by-identity"))
        .processValues(() -> registry.new Processor(IDENTITY_STORE, ATTACK_STORE), Named.as("against-registry"), ATTACK_STORE);
    // What an external source answered is cached in the registry, keyed like the rest of it.
    judged.filter((idKey, j) -> j.fetched() != null, Named.as("fetched-from-source"))
        .mapValues(RegistryComparison.Judged::fetched, Named.as("to-cache"))
        .to(Topics.IDENTITIES.name(), Produced.with(Topics.IDENTITIES.keySerde(), Topics.IDENTITIES.valueSerde()));
    KStream<String, Verified> againstRegistry = judged.mapValues(RegistryComparison.Judged::verified, Named.as("registry-answers"));

    KStream<String, Verified> verified = againstReferences.merge(refused, Named.as("with-refused"))
        .merge(againstRegistry, Named.as("with-registry"));
    // One liveness proof, one completed verify: the token is spent with its answer, in the same
    // transaction. An error answer (a bad reference photo, say) leaves it for a corrected retry.
    Routing.spend(verified.filter((k, v) -> v.answer().getHttpStatus() == Results.OK, Named.as("completed-verify"))
        .mapValues(Verified::token));
    Routing.answers(verified.mapValues(Verified::answer));
    return builder.build();
  }

  /** comparison_type=0: the flow against image_ref1..3. */
  private ApiResult againstReferences(VerifySubmitted verify) {
    Outcome<Judged> judged = judge(verify);
    if (judged.answered()) {
      return judged.answer();
    }
    ApiResult.Builder result = Results.ok(verify.getMeta()).setLiveness(judged.next().liveness());
    setReferences(result, judged.next().references());
    return result.build();
  }

  /** comparison_type=1: the flow's own evidence judged, for the registry lookup keyed by the ID number's HMAC. */
  private Outcome<IdentityCheck> identityCheck(VerifySubmitted verify) {
    Outcome<Judged> judged = judge(verify);
    if (judged.answered()) {
      return Outcome.answer(judged.answer());
    }
    Judged own = judged.next();
    Map<String, Comparison> refs = own.references();
    return Outcome.next(IdentityCheck.newBuilder()
        .setMeta(verify.getMeta())
        .setToken(verify.getIssued().getToken())
        .setIdKey(verify.getParams().getIdKey())
        .setNameKey(verify.getParams().getNameKey())
        .setLiveness(own.liveness())
        .setFlowEmbedding(own.flowFace() == null ? null : Embeddings.toBytes(own.flowFace()))
        .setResultRef1(refs.get("image_ref1"))
        .setResultRef2(refs.get("image_ref2"))
        .setResultRef3(refs.get("image_ref3"))
        .setAttack(attack(own.liveness()))
        .build());
  }

  /**
   * An attack on the ID number: a face judged not genuine, or a procedure that failed because the
   * faces of one flow are different people (someone else's selfie or clip substituted).
   */
  static boolean attack(Liveness liveness) {
    String procedure = liveness.getProcedureValidation();
    if (SelfieLiveness.PASSED.equals(procedure)) {
      return !SelfieLiveness.PASSED.equals(liveness.getFaceGenuineness());
    }
    return SelfieLiveness.SELFIE_INCONSISTENT.equals(procedure) || VideoLiveness.VIDEO_FACE_INCONSISTENT.equals(procedure);
  }

  private Outcome<Judged> judge(VerifySubmitted verify) {
    List<NamedImage> refs = verify.getImageRefs();
    List<byte[]> photos = new ArrayList<>(refs.size());
    // Every reference is checked before any is analyzed: a damaged or oversized one is named first.
    for (NamedImage ref : refs) {
      byte[] photo = Buffers.bytes(ref.getContent());
      ApiError refusal = UploadedImages.refusal(photo);
      if (refusal != null) {
        return Outcome.answer(Results.error(verify.getMeta(), refusal, ref.getName()));
      }
      photos.add(photo);
    }
    FaceEvidence flowFace = flowFace(verify.getIssued());
    if (flowFace == null) {
      // A token written before tokens carried evidence: it cannot be verified.
      return Outcome.answer(Results.error(verify.getMeta(), ApiError.INVALID_TOKEN));
    }
    float[][] references = new float[refs.size()][];
    for (int i = 0; i < references.length; i++) {
      NamedImage ref = refs.get(i);
      ReferenceFace face;
      try {
        face = engine.analyzeReference(photos.get(i), verify.getParams().getMultiOrientedDetection());
      } catch (IllegalArgumentException e) {
        return Outcome.answer(Results.error(verify.getMeta(), ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT, ref.getName()));
      }
      if (face.error() != null) {
        return Outcome.answer(Results.error(verify.getMeta(), face.error(), ref.getName()));
      }
      references[i] = face.embedding();
    }
    Liveness liveness = liveness(verify.getIssued(), verify.getParams().getLivenessPreferences());
    if (!SelfieLiveness.PASSED.equals(liveness.getProcedureValidation())) {
      return Outcome.next(new Judged(liveness, null, Map.of()));
    }
    float[] embedding = Embeddings.fromBytes(flowFace.getEmbedding());
    Map<String, Comparison> comparisons = new HashMap<>();
    for (int i = 0; i < references.length; i++) {
      comparisons.put(refs.get(i).getName(), thresholds.comparison(FaceEngine.similarity(embedding, references[i])));
    }
    return Outcome.next(new Judged(liveness, embedding, comparisons));
  }

  static void setReferences(ApiResult.Builder result, Map<String, Comparison> references) {
    references.forEach((name, comparison) -> {
      switch (name) {
        case "image_ref1" -> result.setResultRef1(comparison);
        case "image_ref2" -> result.setResultRef2(comparison);
        case "image_ref3" -> result.setResultRef3(comparison);
        default -> throw new IllegalStateException("unexpected reference " + name);
      }
    });
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
