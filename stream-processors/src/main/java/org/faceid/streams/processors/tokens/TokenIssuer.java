package org.faceid.streams.processors.tokens;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.tokens.TokenSeal;

/**
 * Mints tokens, sealed to the caller's api_key under the service's token key ({@link TokenSeal}), and
 * random numbers from a cryptographically secure generator.
 */
public final class TokenIssuer {

  /** The vendor's tokens are valid for 24 hours. */
  public static final Duration VALIDITY = Duration.ofHours(24);

  /** 32 bytes, base64url without padding: 43 characters ({@link TokenSeal}: 128 random bits and their tag). */
  private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** Asserted digits (batch): the issued numbers are four digits; an operator may assert up to ten. */
  private static final Pattern ASSERTED_DIGITS = Pattern.compile("[0-9]{1,10}");

  /**
   * What a request was answered with when it was recorded: its token and random number (either may
   * be null). Audit replay issues these again, so that a replayed answer can equal the original and
   * the recorded requests that present the token find it.
   */
  public record Recorded(String token, String randomNumber) {}

  private final SecureRandom random = new SecureRandom();
  private final TokenSeal seal;
  private final Function<String, Recorded> recorded;

  /** An issuer under a key of this process alone ({@link TokenSeal#ofThisProcess}): no gateway can check its tokens. */
  public TokenIssuer() {
    this(TokenSeal.ofThisProcess());
  }

  /** An issuer under the service's token key; null: a key of this process alone. */
  public TokenIssuer(TokenSeal seal) {
    this(seal, requestId -> null);
  }

  private TokenIssuer(TokenSeal seal, Function<String, Recorded> recorded) {
    this.seal = seal == null ? TokenSeal.ofThisProcess() : seal;
    this.recorded = recorded;
  }

  /**
   * An issuer for audit replay: a request that was answered with a token gets the same token (and
   * number) again. A replay goes through no gateway, so its fresh tokens need no shared key.
   */
  public static TokenIssuer replaying(Function<String, Recorded> byRequestId) {
    return new TokenIssuer(TokenSeal.ofThisProcess(), byRequestId);
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
    String value = before != null && wellFormed(before.token()) ? before.token() : seal.issue(meta.getApiKey());
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
