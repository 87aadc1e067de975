package org.faceid.streams.gateway.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.faceid.streams.schema.ApiKey;

/**
 * The api keys of the compacted {@code faceid.apikeys} topic, as {@link ApiKeyFeed} reads them from
 * the beginning and keeps them up to date. A secret that matched its stored PBKDF2 hash once
 * ({@link Authenticator}) is remembered only as an HMAC under a key that lives in this process, so
 * later calls skip PBKDF2 without the secret ever being kept in clear.
 */
public final class ApiKeyDirectory {

  private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  private final SecretKey processKey;
  private final AtomicBoolean caughtUp = new AtomicBoolean();

  public ApiKeyDirectory() {
    try {
      processKey = KeyGenerator.getInstance("HmacSHA256").generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One record of the topic: the key's current value, or null when it was deleted. */
  public void apply(String apiKey, ApiKey value) {
    verified.remove(apiKey);
    if (value == null) {
      keys.remove(apiKey);
    } else {
      keys.put(apiKey, value);
    }
  }

  /** Every key that existed at start-up has been read (the feed says so once it has). */
  public void markCaughtUp() {
    caughtUp.set(true);
  }

  /** True once every key that existed at start-up has been read. */
  public boolean caughtUp() {
    return caughtUp.get();
  }

  public boolean knows(String apiKey) {
    return keys.containsKey(apiKey);
  }

  public Optional<ApiKey> find(String apiKey) {
    return Optional.ofNullable(keys.get(apiKey));
  }

  /** True when {@code secret} matched this very key record before (one HMAC, no PBKDF2). */
  boolean rememberedMatch(ApiKey key, String secret) {
    byte[] known = verified.get(key.getApiKey());
    return known != null && MessageDigest.isEqual(known, tag(key, secret));
  }

  /** Remembers a secret that PBKDF2 just matched, unless the key changed meanwhile. */
  void remember(ApiKey key, String secret) {
    if (keys.get(key.getApiKey()) == key) {
      verified.put(key.getApiKey(), tag(key, secret));
    }
  }

  /** Bound to the stored hash too, so a tag cached just before a secret rotation never matches after it. */
  private byte[] tag(ApiKey key, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(processKey);
      mac.update(SecretHasher.utf8(key.getApiKey()));
      mac.update(key.getSecretHash().duplicate());
      mac.update((byte) 0);
      return mac.doFinal(SecretHasher.utf8(secret));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
