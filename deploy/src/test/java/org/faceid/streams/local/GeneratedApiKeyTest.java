package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.faceid.streams.gateway.auth.SecretHasher;
import org.faceid.streams.schema.ApiKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedApiKeyTest {

  private final List<ApiKey> stored = new ArrayList<>();

  @Test
  void mintedOnceKeptWithoutItsSecretAndReused(@TempDir Path dataDir) throws Exception {
    GeneratedApiKey.InUse first = GeneratedApiKey.ensure(dataDir, key -> false, stored::add, Clock.systemUTC());

    assertThat(first.newSecret()).hasSize(48);
    assertThat(stored).hasSize(1);
    ApiKey record = stored.get(0);
    assertThat(record.getApiKey()).isEqualTo(first.apiKey());
    assertThat(SecretHasher.matches(first.newSecret(), bytes(record.getSalt().duplicate()), record.getIterations(),
        bytes(record.getSecretHash().duplicate()))).isTrue();
    Path file = dataDir.resolve(GeneratedApiKey.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(first.newSecret());

    GeneratedApiKey.InUse again = GeneratedApiKey.ensure(dataDir, first.apiKey()::equals, stored::add, Clock.systemUTC());
    assertThat(again).isEqualTo(new GeneratedApiKey.InUse(first.apiKey(), null));
    assertThat(stored).as("a key the cluster has is not stored again").hasSize(1);

    GeneratedApiKey.InUse lost = GeneratedApiKey.ensure(dataDir, key -> false, stored::add, Clock.systemUTC());
    assertThat(lost.apiKey()).isEqualTo(first.apiKey());
    assertThat(stored).as("a cluster that lost it gets the kept record back").hasSize(2).last().isEqualTo(record);
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
