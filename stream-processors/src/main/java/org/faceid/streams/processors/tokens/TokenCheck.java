package org.faceid.streams.processors.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;

/** The one rule for INVALID_TOKEN, applied where a request meets the token store. */
public final class TokenCheck {

  private TokenCheck() {}

  /**
   * Whether {@code presented} may be redeemed by the request: well formed, known, of an accepted
   * kind, issued to the same api_key and not expired when the request arrived. Request time, not
   * wall-clock time, so that a replayed audit stream is judged as it was. No lower bound on issue
   * time: gateways' clocks differ a little, and a token cannot be presented before it exists.
   * The token itself is compared in constant time, as secrets are.
   */
  public static boolean valid(String presented, Token stored, RequestMeta request, Set<TokenKind> accepted) {
    return TokenIssuer.wellFormed(presented)
        && stored != null
        && MessageDigest.isEqual(bytes(presented), bytes(stored.getToken()))
        && accepted.contains(stored.getKind())
        && stored.getApiKey().equals(request.getApiKey())
        && request.getReceivedAtMs() < stored.getExpiresAtMs();
  }

  private static byte[] bytes(String token) {
    return token.getBytes(StandardCharsets.US_ASCII);
  }
}
