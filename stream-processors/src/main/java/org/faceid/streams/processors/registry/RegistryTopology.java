package org.faceid.streams.processors.registry;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.registry.IdentityRegistration.Result;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentitySubmitted;
import org.faceid.streams.topics.Topics;

/**
 * Registry stage: the admin call registers or deletes one identity, as {@code identities import}
 * and {@code identities delete} do, and answers REGISTERED, UNCHANGED or DELETED, or the seed's
 * error name (NO_FACE_FOUND, MULTIPLE_FACES, IMAGE_ERROR_UNSUPPORTED_FORMAT, NO_SUCH_ID_NUMBER).
 * What is registered now is read from its own global table of {@code faceid.identities}.
 */
public final class RegistryTopology {

  public static final String STAGE = "registry";
  static final String REGISTRY_STORE = "registry-identity-store";

  private final IdentityRegistration registration;

  public RegistryTopology(IdentityRegistration registration) {
    this.registration = registration;
  }

  /** The answer, and the change to write: a record, or a tombstone ({@code write} true, {@code record} null). */
  private record Change(ApiResult answer, boolean write, String idKey, Identity record) {}

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    RegistryTable.add(builder, REGISTRY_STORE);
    KStream<String, Change> changes = Requests.stream(builder, Topics.IDENTITY_SUBMITTED)
        .processValues(Registrar::new, Named.as("register"));
    changes.filter((k, c) -> c.write(), Named.as("identity-changes"))
        .map((k, c) -> KeyValue.pair(c.idKey(), c.record()), Named.as("by-identity"))
        .to(Topics.IDENTITIES.name(), Produced.with(Topics.IDENTITIES.keySerde(), Topics.IDENTITIES.valueSerde()));
    Routing.answers(changes.mapValues(Change::answer, Named.as("identity-answers")));
    return builder.build();
  }

  private final class Registrar implements FixedKeyProcessor<String, IdentitySubmitted, Change> {
    private FixedKeyProcessorContext<String, Change> context;
    private KeyValueStore<String, ValueAndTimestamp<Identity>> registered;

    @Override
    public void init(FixedKeyProcessorContext<String, Change> context) {
      this.context = context;
      this.registered = context.getStateStore(REGISTRY_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, IdentitySubmitted> record) {
      IdentitySubmitted submitted = record.value();
      Change[] change = {null};
      ApiResult answer = Guarded.answer(STAGE, submitted.getMeta(), () -> {
        change[0] = change(submitted, ValueAndTimestamp.getValueOrNull(registered.get(submitted.getIdKey())));
        return change[0].answer();
      });
      context.forward(record.withValue(change[0] != null ? change[0] : new Change(answer, false, null, null)));
    }
  }

  private Change change(IdentitySubmitted submitted, Identity now) {
    if (submitted.getDelete()) {
      return now == null
          ? new Change(Results.error(submitted.getMeta(), ApiError.NO_SUCH_ID_NUMBER), false, null, null)
          : new Change(answered(submitted, "DELETED"), true, submitted.getIdKey(), null);
    }
    Result result = registration.registerHashed(submitted.getIdKey(), submitted.getNameKey(),
        submitted.getPhoto() == null ? null : Buffers.bytes(submitted.getPhoto()), now,
        new IdentityRegistration.Options(submitted.getKeepPhoto(), false, "admin"));
    return switch (result.status()) {
      case REGISTERED -> new Change(answered(submitted, "REGISTERED"), true, submitted.getIdKey(), result.record());
      case UNCHANGED -> new Change(answered(submitted, "UNCHANGED"), false, null, null);
      case FAILED -> new Change(Results.rejected(submitted.getMeta(), result.error()), false, null, null);
    };
  }

  private static ApiResult answered(IdentitySubmitted submitted, String result) {
    return Results.ok(submitted.getMeta()).setIdentityResult(result).build();
  }
}
