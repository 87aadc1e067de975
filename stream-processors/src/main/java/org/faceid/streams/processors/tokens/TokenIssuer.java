package org.faceid.streams.processors.tokens;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;

/** Mints tokens and random numbers from a cryptographically secure generator. */
public final class TokenIssuer {

  /** The vendor's tokens are valid for 24 hours. */
  public static final Duration VALIDITY = Duration.ofHours(24);

  /** 32 random bytes, base64url without padding: 43 characters, 256 bits nobody can guess. */
  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random;

  public TokenIssuer() {
    this(new SecureRandom());
  }

  TokenIssuer(SecureRandom random) {
    this.random = random;
  }

  public static boolean wellFormed(String token) {
    return token != null && TOKEN_FORMAT.matcher(token).matches();
  }

  /** A token of {@code kind} for the caller of {@code meta}, valid from the moment the request arrived. */
  public Token issue(TokenKind kind, RequestMeta meta) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    long issuedAt = meta.getReceivedAtMs();
    return Token.newBuilder()
        .setToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
        .setKind(kind)
        .setApiKey(meta.getApiKey())
        .setIssuedAtMs(issuedAt)
        .setExpiresAtMs(issuedAt + VALIDITY.toMillis())
        .setBizNo(meta.getBizNo())
        .build();
  }

  /** A random-number token: four uniformly drawn digits to be read aloud in validate_video. */
  public Token issueRandomNumber(RequestMeta meta) {
    Token token = issue(TokenKind.RANDOM_NUMBER, meta);
    token.setRandomNumber(String.format("%04d", random.nextInt(10_000)));
    return token;
  }
}
