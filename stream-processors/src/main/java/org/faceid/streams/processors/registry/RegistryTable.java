package org.faceid.streams.processors.registry;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.topics.Topics;

/** {@code faceid.identities} as a global table: every instance of a stage sees the whole registry. */
public final class RegistryTable {

  private RegistryTable() {}

  /** Adds the global table, materialised as {@code store} (a timestamped key-value store by id_key). */
  public static void add(StreamsBuilder builder, String store) {
    builder.globalTable(Topics.IDENTITIES.name(), Consumed.with(Topics.IDENTITIES.keySerde(), Topics.IDENTITIES.valueSerde()).withName("identities"),
        Materialized.<String, Identity, KeyValueStore<Bytes, byte[]>>as(store)
            .withKeySerde(Topics.IDENTITIES.keySerde()).withValueSerde(Topics.IDENTITIES.valueSerde()));
  }
}
