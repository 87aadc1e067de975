package org.faceid.streams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

  @Test
  void theRightSecretMatchesAndAnyOtherDoesNot() {
    byte[] salt = SecretHasher.newSalt();
    byte[] hash = SecretHasher.hash("s3cret", salt, 1_000);

    assertThat(SecretHasher.matches("s3cret", salt, 1_000, hash)).isTrue();
    assertThat(SecretHasher.matches("s3cret ", salt, 1_000, hash)).isFalse();
    assertThat(SecretHasher.matches("s3cret", SecretHasher.newSalt(), 1_000, hash)).isFalse();
    assertThat(SecretHasher.matches("s3cret", salt, 1_001, hash)).isFalse();
  }

  @Test
  void storedKeyHoldsASaltedHashNeverTheSecret() {
    String secret = "plain-secret-value";
    ApiKey a = ApiKeys.create("k", secret, List.of(Permission.VIDEO), 2, Clock.systemUTC());
    ApiKey b = ApiKeys.create("k", secret, List.of(Permission.VIDEO), 2, Clock.systemUTC());

    byte[] record = Topics.API_KEYS.valueSerde().serializer().serialize("t", a);
    assertThat(new String(record, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    assertThat(a.getSecretHash()).as("salted: same secret, different hash").isNotEqualTo(b.getSecretHash());
    assertThat(a.getIterations()).isEqualTo(SecretHasher.ITERATIONS);
    assertThat(SecretHasher.matches(secret, bytes(a.getSalt()), a.getIterations(), bytes(a.getSecretHash()))).isTrue();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
