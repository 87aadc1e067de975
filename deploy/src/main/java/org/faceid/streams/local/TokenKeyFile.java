package org.faceid.streams.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.faceid.streams.tokens.TokenSeal;

/**
 * The token key ({@link TokenSeal}): {@value TokenSeal#ENV} in hex when the operator provides one,
 * else the one kept, mode 600, in {@code <data dir>/}{@value #FILE}. Only the one-JVM service
 * creates that file: its gateway and its stages are one process, so they always agree. A gateway or
 * stage process alone finds it there when pointed at a local service's data dir; with neither it has
 * no key (its gateway leaves every token to the token stage; its stages issue under a key of their
 * own), since a key it made up would differ from the other processes' ones.
 */
final class TokenKeyFile {

  static final String FILE = "token-key.hex";

  private TokenKeyFile() {}

  /** The one-JVM service's key: given, kept, or generated now and kept. */
  static TokenSeal ofService(Path dataDir, Map<String, String> env) throws IOException {
    TokenSeal given = TokenSeal.fromEnv(env);
    return given != null ? given : TokenSeal.fromHex(OwnerOnlyFile.keyKeptIn(dataDir.resolve(FILE), TokenSeal.MIN_KEY_BYTES));
  }

  /** The start-up line that names the key by its fingerprint, or says what having none means. */
  static String describe(TokenSeal seal, String withoutIt) {
    return seal == null
        ? "faceid-streams: WARNING: no token key (" + TokenSeal.ENV + "): " + withoutIt
        : "faceid-streams: token key " + seal.fingerprint() + " (every gateway and issuing stage must show the same)";
  }

  /** A gateway or stage process's key: given, or kept by a local service; null with neither. */
  static TokenSeal ofPart(Path dataDir, Map<String, String> env) throws IOException {
    TokenSeal given = TokenSeal.fromEnv(env);
    Path file = dataDir.resolve(FILE);
    if (given != null || !Files.exists(file)) {
      return given;
    }
    return TokenSeal.fromHex(Files.readString(file, StandardCharsets.US_ASCII));
  }
}
