package org.faceid.streams.tokens;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens a gateway can tell from forgeries on its own. A token is 16 random bytes followed by the
 * first 16 bytes of their HMAC-SHA256 with the api_key it is issued to, under the service's token
 * key: base64url, 43 characters, the same shape as before. A gateway holding the key answers a
 * forged token, or one issued to another key, INVALID_TOKEN before it publishes anything, so a
 * flood of made-up tokens on large uploads never reaches the pipeline or the token gate's hold.
 * Whether an issued token is still valid (known, unspent, unexpired, of the right kind) stays the
 * token stage's judgement.
 */
public final class TokenSeal {

  /** The token key in hex, shared by every process that issues tokens and every gateway. */
  public static final String ENV = "FACEID_TOKEN_KEY";
  /** At least 256 bits: the HMAC's own strength. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DOMAIN = "faceid token\u0000".getBytes(StandardCharsets.US_ASCII);
  /** 128 random bits: a token is as hard to guess as before without the key, and cannot be made with it unseen. */
  private static final int NONCE_BYTES = 16;
  private static final int TAG_BYTES = 16;
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecretKeySpec key;
  private final SecureRandom random;

  public TokenSeal(byte[] secret) {
    this(secret, new SecureRandom());
  }

  TokenSeal(byte[] secret, SecureRandom random) {
    if (secret.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the token key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.random = random;
  }

  /** From hex, as {@value #ENV} and the generated key file hold it. */
  public static TokenSeal fromHex(String hex) {
    return new TokenSeal(HexFormat.of().parseHex(hex.strip()));
  }

  /** {@value #ENV} when set (not blank), else null. */
  public static TokenSeal fromEnv(Map<String, String> env) {
    String hex = env.get(ENV);
    return hex == null || hex.isBlank() ? null : fromHex(hex);
  }

  /** A key of this process alone: its tokens are well formed, but no gateway can check them. */
  public static TokenSeal ofThisProcess() {
    SecureRandom random = new SecureRandom();
    byte[] secret = new byte[MIN_KEY_BYTES];
    random.nextBytes(secret);
    return new TokenSeal(secret, random);
  }

  /** A fresh token for {@code apiKey}. */
  public String issue(String apiKey) {
    byte[] token = new byte[NONCE_BYTES + TAG_BYTES];
    random.nextBytes(token);
    System.arraycopy(tag(apiKey, token), 0, token, NONCE_BYTES, TAG_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Whether {@code token} was issued under this key to {@code apiKey}: false for anything not shaped
   * as a token, and for any spelling but the one issued (43 characters carry 258 bits; the decoder
   * ignores the last two, and another spelling of an issued token is unknown to the token store).
   */
  public boolean issuedTo(String apiKey, String token) {
    if (apiKey == null || token == null || !FORMAT.matcher(token).matches()) {
      return false;
    }
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    boolean canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token);
    return canonical & MessageDigest.isEqual(tag(apiKey, bytes), Arrays.copyOfRange(bytes, NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  }

  /** Eight hex digits that name the key without revealing it, for start-up logs: processes that must share it can be compared. */
  public String fingerprint() {
    return HexFormat.of().formatHex(Arrays.copyOf(mac().doFinal("faceid token key fingerprint".getBytes(StandardCharsets.US_ASCII)), 4));
  }

  /** The first TAG_BYTES of HMAC(domain, api_key, NUL, nonce); the nonce's fixed length makes the input unambiguous. */
  private byte[] tag(String apiKey, byte[] token) {
    Mac mac = mac();
    mac.update(DOMAIN);
    mac.update(apiKey.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update(token, 0, NONCE_BYTES);
    return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }
}
