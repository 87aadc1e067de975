package org.faceid.streams.gateway.auth;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;

/** Creating api keys: the record for {@code faceid.apikeys}, never holding the secret itself. */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static ApiKey create(String apiKey, String secret, List<Permission> permissions, int concurrencyLimit, Clock clock) {
    byte[] salt = SecretHasher.newSalt();
    return ApiKey.newBuilder()
        .setApiKey(apiKey)
        .setSalt(ByteBuffer.wrap(salt))
        .setIterations(SecretHasher.ITERATIONS)
        .setSecretHash(ByteBuffer.wrap(SecretHasher.hash(secret, salt, SecretHasher.ITERATIONS)))
        .setPermissions(permissions)
        .setConcurrencyLimit(concurrencyLimit)
        .setCreatedAtMs(clock.millis())
        .build();
  }

  /** A random identifier or secret: {@code bytes} of entropy, hex-encoded. */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
