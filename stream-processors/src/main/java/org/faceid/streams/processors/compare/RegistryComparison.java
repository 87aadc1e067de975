package org.faceid.streams.processors.compare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.registry.IdentitySource;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentityCheck;
import org.faceid.streams.schema.IdExceptions;
import org.faceid.streams.schema.RequestMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * verify with comparison_type=1 against the registered identity (seed 002): NO_SUCH_ID_NUMBER,
 * ID_NUMBER_NAME_NOT_MATCH, the data source's photo errors, then result_faceid beside result_ref1..3
 * and id_exceptions. The attack history of the ID number is read before this verify is added to it:
 * id_attacked speaks of earlier verifies only.
 */
final class RegistryComparison {

  /** The parameter the photo errors of the registered identity name. */
  static final String DATA_SOURCE = "data_source";

  private static final Logger log = LoggerFactory.getLogger(RegistryComparison.class);

  /** A verify's answer, and the record an external source gave for it (to cache), or null. */
  record Judged(Verified verified, Identity fetched) {}

  private final MatchThresholds thresholds;
  private final String modelSet;
  private final IdentitySource external;

  RegistryComparison(MatchThresholds thresholds, String modelSet, IdentitySource external) {
    this.thresholds = thresholds;
    this.modelSet = modelSet;
    this.external = external;
  }

  ApiResult answer(IdentityCheck check, Identity identity, boolean attackedBefore) {
    RequestMeta meta = check.getMeta();
    if (identity == null) {
      return Results.error(meta, ApiError.NO_SUCH_ID_NUMBER);
    }
    if (!MessageDigest.isEqual(bytes(identity.getNameKey()), bytes(check.getNameKey()))) {
      return Results.error(meta, ApiError.ID_NUMBER_NAME_NOT_MATCH);
    }
    switch (identity.getPhotoState()) {
      case NO_PHOTO, UNREADABLE -> {
        return Results.error(meta, ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT, DATA_SOURCE);
      }
      case NO_FACE -> {
        return Results.error(meta, ApiError.NO_FACE_FOUND, DATA_SOURCE);
      }
      case USABLE -> { }
    }
    if (!modelSet.equals(identity.getModelSet())) {
      // Embeddings of different models do not compare: the identity needs re-embedding or re-import.
      log.warn("request {}: identity {}… was embedded by model set {}, not {}: re-import it",
          meta.getRequestId(), identity.getIdKey().substring(0, 12), identity.getModelSet(), modelSet);
      return Results.error(meta, ApiError.DATA_SOURCE_ERROR);
    }
    ApiResult.Builder result = Results.ok(meta).setLiveness(check.getLiveness())
        .setResultRef1(check.getResultRef1()).setResultRef2(check.getResultRef2()).setResultRef3(check.getResultRef3())
        .setIdExceptions(IdExceptions.newBuilder().setIdAttacked(attackedBefore ? 1 : 0)
            .setIdPhotoMonochrome(identity.getMonochrome() ? 1 : 0).build());
    if (check.getFlowEmbedding() != null) {
      result.setResultFaceid(thresholds.comparison(FaceEngine.similarity(
          Embeddings.fromBytes(check.getFlowEmbedding()), Embeddings.fromBytes(identity.getEmbedding()))));
    }
    return result.build();
  }

  private static byte[] bytes(String hex) {
    return hex == null ? new byte[0] : hex.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Looks each verify's ID number up (the registry, then the external source), answers it, and adds
   * a completed verify judged an attack to the ID number's history.
   */
  final class Processor implements FixedKeyProcessor<String, IdentityCheck, Judged> {
    private final String identityStore;
    private final String attackStore;
    private FixedKeyProcessorContext<String, Judged> context;
    private IdentitySource registry;
    private KeyValueStore<String, Long> attacks;

    Processor(String identityStore, String attackStore) {
      this.identityStore = identityStore;
      this.attackStore = attackStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Judged> context) {
      this.context = context;
      this.attacks = context.getStateStore(attackStore);
      // The Kafka registry, the default source: the global table of faceid.identities.
      KeyValueStore<String, ValueAndTimestamp<Identity>> identities = context.getStateStore(identityStore);
      this.registry = idKey -> ValueAndTimestamp.getValueOrNull(identities.get(idKey));
    }

    @Override
    public void process(FixedKeyRecord<String, IdentityCheck> record) {
      IdentityCheck check = record.value();
      Long earlier = attacks.get(check.getIdKey());
      Identity[] fetched = {null};
      ApiResult answer = Guarded.answer(CompareTopology.STAGE, check.getMeta(), () -> {
        Identity identity;
        try {
          identity = registry.find(check.getIdKey());
          if (identity == null && external != null) {
            identity = fetched[0] = external.find(check.getIdKey());
          }
        } catch (IdentitySource.Unavailable e) {
          log.warn("request {}: the identity source did not answer: {}", check.getMeta().getRequestId(), e.getMessage());
          return Results.error(check.getMeta(), ApiError.DATA_SOURCE_ERROR);
        }
        return answer(check, identity, earlier != null && earlier > 0);
      });
      if (answer.getHttpStatus() == Results.OK && check.getAttack()) {
        attacks.put(check.getIdKey(), earlier == null ? 1 : earlier + 1);
      }
      context.forward(record.withValue(new Judged(new Verified(check.getToken(), answer), fetched[0])));
    }
  }
}
