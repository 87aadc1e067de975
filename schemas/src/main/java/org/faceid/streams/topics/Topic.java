package org.faceid.streams.topics;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its key and value serdes and the configs it is created with.
 *
 * @param name the topic name
 * @param keySerde serde of the record key
 * @param valueSerde serde of the record value
 * @param configs topic-level configs (cleanup policy, message size) applied at creation
 * @param writers who writes it (a Streams stage through its topology, unless the entry says otherwise)
 * @param readers who reads it
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs,
    Set<Stage> writers, Set<Stage> readers) {

  public Topic {
    writers = Set.copyOf(writers);
    readers = Set.copyOf(readers);
  }

  /** The same topic under {@code prefix} (audit replay's own topics); an empty prefix is this topic. */
  public Topic<K, V> prefixed(String prefix) {
    return prefix.isEmpty() ? this : new Topic<>(prefix + name, keySerde, valueSerde, configs, writers, readers);
  }

  @Override
  public String toString() {
    return name;
  }
}
