package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.faceid.streams.tokens.TokenSeal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeyFileTest {

  private static final String GIVEN = "ab".repeat(32);

  @Test
  void theServiceMakesItsKeyOnceOwnerOnlyAndFindsItAgain(@TempDir Path dataDir) throws Exception {
    TokenSeal first = TokenKeyFile.ofService(dataDir, Map.of());
    Path file = dataDir.resolve(TokenKeyFile.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    TokenSeal again = TokenKeyFile.ofService(dataDir, Map.of());
    assertThat(again.issuedTo("k", first.issue("k"))).as("the same key after a restart").isTrue();
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());

    TokenSeal given = TokenKeyFile.ofService(dataDir, Map.of(TokenSeal.ENV, GIVEN));
    assertThat(given.fingerprint()).as("the operator's key wins").isEqualTo(TokenSeal.fromHex(GIVEN).fingerprint())
        .isNotEqualTo(first.fingerprint());
  }

  @Test
  void aPartFindsTheGivenKeyOrALocalServicesButNeverMakesOne(@TempDir Path dataDir) throws Exception {
    assertThat(TokenKeyFile.ofPart(dataDir, Map.of())).isNull();
    assertThat(dataDir.resolve(TokenKeyFile.FILE)).doesNotExist();
    assertThat(TokenKeyFile.describe(null, "why")).contains("WARNING", TokenSeal.ENV, "why");

    TokenSeal service = TokenKeyFile.ofService(dataDir, Map.of());
    assertThat(TokenKeyFile.ofPart(dataDir, Map.of()).fingerprint()).isEqualTo(service.fingerprint());
    assertThat(TokenKeyFile.ofPart(dataDir, Map.of(TokenSeal.ENV, GIVEN)).fingerprint())
        .isEqualTo(TokenSeal.fromHex(GIVEN).fingerprint());
    assertThat(TokenKeyFile.describe(service, "why")).contains(service.fingerprint()).doesNotContain("WARNING");
  }
}
