package org.faceid.streams.gateway.auth;

import java.nio.ByteBuffer;
import java.util.List;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;

/** Api key records for the gateway's tests. */
public final class TestKeys {

  /** Few iterations: the tests are about who is let in, not about PBKDF2's cost. */
  private static final int ITERATIONS = 1_000;

  private TestKeys() {}

  public static ApiKey key(String apiKey, String secret, int concurrencyLimit, Permission... permissions) {
    byte[] salt = SecretHasher.newSalt();
    return ApiKey.newBuilder().setApiKey(apiKey).setSalt(ByteBuffer.wrap(salt)).setIterations(ITERATIONS)
        .setSecretHash(ByteBuffer.wrap(SecretHasher.hash(secret, salt, ITERATIONS)))
        .setPermissions(List.of(permissions)).setConcurrencyLimit(concurrencyLimit).setCreatedAtMs(0).build();
  }
}
