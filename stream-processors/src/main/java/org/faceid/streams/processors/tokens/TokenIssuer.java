package org.faceid.streams.processors.tokens;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
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

  /** Asserted digits (batch): the issued numbers are four digits; an operator may assert up to ten. */
  private static final Pattern ASSERTED_DIGITS = Pattern.compile("[0-9]{1,10}");

  /**
   * What a request was answered with when it was recorded: its token and random number (either may
   * be null). Audit replay issues these again, so that a replayed answer can equal the original and
   * the recorded requests that present the token find it.
   */
  public record Recorded(String token, String randomNumber) {}

  private final SecureRandom random;
  private final Function<String, Recorded> recorded;

  public TokenIssuer() {
    this(new SecureRandom());
  }

  TokenIssuer(SecureRandom random) {
    this(random, requestId -> null);
  }

  private TokenIssuer(SecureRandom random, Function<String, Recorded> recorded) {
    this.random = random;
    this.recorded = recorded;
  }

  /** An issuer for audit replay: a request that was answered with a token gets the same token (and number) again. */
  public static TokenIssuer replaying(Function<String, Recorded> byRequestId) {
    return new TokenIssuer(new SecureRandom(), byRequestId);
  }

  /** Whether {@code digits} may be asserted as the number a person was shown (RandomNumberAsserted). */
  public static boolean assertable(String digits) {
    return digits != null && ASSERTED_DIGITS.matcher(digits).matches();
  }

  public static boolean wellFormed(String token) {
    return token != null && TOKEN_FORMAT.matcher(token).matches();
  }

  /** A token of {@code kind} for the caller of {@code meta}, valid from the moment the request arrived. */
  public Token issue(TokenKind kind, RequestMeta meta) {
    Recorded before = recorded.apply(meta.getRequestId());
    String value;
    if (before != null && wellFormed(before.token())) {
      value = before.token();
    } else {
      byte[] bytes = new byte[TOKEN_BYTES];
      random.nextBytes(bytes);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    long issuedAt = meta.getReceivedAtMs();
    return Token.newBuilder()
        .setToken(value)
        .setKind(kind)
        .setApiKey(meta.getApiKey())
        .setIssuedAtMs(issuedAt)
        .setExpiresAtMs(issuedAt + VALIDITY.toMillis())
        .setBizNo(meta.getBizNo())
        .build();
  }

  /** A random-number token: four uniformly drawn digits to be read aloud in validate_video. */
  public Token issueRandomNumber(RequestMeta meta) {
    Recorded before = recorded.apply(meta.getRequestId());
    String digits = before != null && before.randomNumber() != null
        ? before.randomNumber() : String.format("%04d", random.nextInt(10_000));
    return issueAsserted(meta, digits);
  }

  /** A random-number token for digits an operator asserts were shown (checked with {@link #assertable}). */
  public Token issueAsserted(RequestMeta meta, String digits) {
    Token token = issue(TokenKind.RANDOM_NUMBER, meta);
    token.setRandomNumber(digits);
    return token;
  }
}
