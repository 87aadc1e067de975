package org.faceid.streams.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Predicate;
import org.faceid.streams.gateway.auth.ApiKeys;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.topics.Topics;

/**
 * The api key {@code run-local.sh} makes when none is configured: minted once, on the first start,
 * and kept. What is kept is its {@code faceid.apikeys} record (salt and PBKDF2 hash, never the
 * secret) in {@code <data dir>/generated-api-key.avro}, readable by its owner only; the secret is
 * printed once, when it is made. A later start re-uses the key, and stores the record again only
 * when the cluster no longer has it (a new cluster, a lost topic).
 */
final class GeneratedApiKey {

  static final String FILE = "generated-api-key.avro";

  /** Where the record goes: {@code faceid.apikeys}. */
  @FunctionalInterface
  interface Store {
    void put(ApiKey key) throws Exception;
  }

  /** The key in use, and its secret only when it was made just now. */
  record InUse(String apiKey, String newSecret) {}

  private GeneratedApiKey() {}

  static InUse ensure(Path dataDir, Predicate<String> known, Store store, Clock clock) throws Exception {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      ApiKey kept = Topics.API_KEYS.valueSerde().deserializer().deserialize(Topics.API_KEYS.name(), Files.readAllBytes(file));
      if (!known.test(kept.getApiKey())) {
        store.put(kept);
      }
      return new InUse(kept.getApiKey(), null);
    }
    String secret = ApiKeys.randomHex(24);
    ApiKey key = ApiKeys.create("key-" + ApiKeys.randomHex(8), secret, FaceIdService.ALL_PERMISSIONS,
        FaceIdService.DEFAULT_CONCURRENCY, clock);
    // Kept before it is stored: a start that fails in between stores it next time.
    OwnerOnlyFile.write(file, Topics.API_KEYS.valueSerde().serializer().serialize(Topics.API_KEYS.name(), key));
    store.put(key);
    return new InUse(key.getApiKey(), secret);
  }
}
