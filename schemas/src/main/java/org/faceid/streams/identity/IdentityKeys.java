package org.faceid.streams.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hashes (HMAC-SHA256) that stand for an ID number and a name everywhere past the
 * gateway: the registry's key, the verify event's fields and the attack history's key. Without the
 * operator's key nobody can test a guessed number against a topic, a store or a log. Number and name
 * hashes are domain-separated, so one can never be taken for the other.
 */
public final class IdentityKeys {

  /** At least 256 bits: the HMAC's own strength. */
  public static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public IdentityKeys(byte[] secret) {
    if (secret.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the identity key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** From hex, as {@code FACEID_IDENTITY_KEY} and the generated key file hold it. */
  public static IdentityKeys fromHex(String hex) {
    return new IdentityKeys(HexFormat.of().parseHex(hex.trim()));
  }

  /** The registry key of a valid ID number. */
  public String idKey(String idCardNumber) {
    return hmac("id\u0000" + IdCardNumber.normalise(idCardNumber));
  }

  /** The hash a registered name is compared by: NFKC, trimmed, inner whitespace collapsed. */
  public String nameKey(String name) {
    String normalised = Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    return hmac("name\u0000" + normalised);
  }

  private String hmac(String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }
}
