package org.faceid.streams.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSealTest {

  private static final String KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void anIssuedTokenIsShapedAsBeforeAndOpensOnlyForItsApiKeyUnderItsKey() {
    TokenSeal seal = TokenSeal.fromHex(KEY_HEX);
    String token = seal.issue("key-a");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(seal.issuedTo("key-a", token)).isTrue();
    assertThat(TokenSeal.fromHex(" " + KEY_HEX + "\n").issuedTo("key-a", token)).as("the same key, as an operator pastes it").isTrue();
    assertThat(seal.issuedTo("key-b", token)).as("bound to the api_key").isFalse();
    assertThat(TokenSeal.ofThisProcess().issuedTo("key-a", token)).as("another key").isFalse();
  }

  @Test
  void forgedAndMalformedTokensAreRefused() {
    TokenSeal seal = TokenSeal.fromHex(KEY_HEX);
    String token = seal.issue("key-a");
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    for (int i = 0; i < bytes.length; i++) {
      byte[] flipped = bytes.clone();
      flipped[i] ^= 1;
      assertThat(seal.issuedTo("key-a", Base64.getUrlEncoder().withoutPadding().encodeToString(flipped)))
          .as("byte %d changed", i).isFalse();
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        String respelled = token.substring(0, i) + c + token.substring(i + 1);
        if (!respelled.equals(token)) {
          assertThat(seal.issuedTo("key-a", respelled)).as("character %d as %s", i, c).isFalse();
        }
      }
    }
    assertThat(seal.issuedTo("key-a", "U".repeat(43))).isFalse();
    assertThat(seal.issuedTo("key-a", token + "A")).isFalse();
    assertThat(seal.issuedTo("key-a", token.substring(1))).isFalse();
    assertThat(seal.issuedTo("key-a", "not a token")).isFalse();
    assertThat(seal.issuedTo("key-a", null)).isFalse();
    assertThat(seal.issuedTo(null, token)).isFalse();
  }

  @Test
  void tokensAreFreshAndTheKeyIsLongEnough() {
    TokenSeal seal = TokenSeal.ofThisProcess();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(seal.issue("k"))).isTrue();
    }
    assertThatThrownBy(() -> new TokenSeal(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThat(TokenSeal.fromHex(KEY_HEX).fingerprint()).hasSize(8).isEqualTo(TokenSeal.fromHex(KEY_HEX).fingerprint())
        .isNotEqualTo(seal.fingerprint()).doesNotContain(KEY_HEX.substring(0, 8));
    assertThat(TokenSeal.fromEnv(Map.of())).isNull();
    assertThat(TokenSeal.fromEnv(Map.of(TokenSeal.ENV, " "))).isNull();
    assertThat(TokenSeal.fromEnv(Map.of(TokenSeal.ENV, KEY_HEX)).issuedTo("k", TokenSeal.fromHex(KEY_HEX).issue("k"))).isTrue();
  }
}
