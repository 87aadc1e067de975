package org.faceid.streams.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdCardNumberTest {

  @Test
  void acceptsTheSeedsFormatWithAGoodCheckDigit() {
    // GB 11643's own example, with its X in either case.
    assertThat(IdCardNumber.valid("11010519491231002X")).isTrue();
    assertThat(IdCardNumber.valid("11010519491231002x")).isTrue();
    assertThat(IdCardNumber.valid("440524188001010014")).isTrue();
  }

  @Test
  void refusesAWrongCheckDigitAndAnyOtherFormat() {
    assertThat(IdCardNumber.valid("110105194912310021")).isFalse();
    assertThat(IdCardNumber.valid("440524188001010015")).isFalse();
    assertThat(IdCardNumber.valid("11010519491231002Y")).isFalse();
    assertThat(IdCardNumber.valid("1101051949123100")).isFalse();
    assertThat(IdCardNumber.valid("11010519491231002X0")).isFalse();
    assertThat(IdCardNumber.valid("１1010519491231002X")).isFalse();
    assertThat(IdCardNumber.valid(null)).isFalse();
  }

  @Test
  void keysAreStableKeyedAndSeparatedByKind() {
    IdentityKeys keys = new IdentityKeys(new byte[32]);
    IdentityKeys other = new IdentityKeys(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    assertThat(keys.idKey("11010519491231002x")).isEqualTo(keys.idKey("11010519491231002X")).hasSize(64)
        .doesNotContain("11010519491231002");
    assertThat(other.idKey("11010519491231002X")).isNotEqualTo(keys.idKey("11010519491231002X"));
    assertThat(keys.nameKey(" 王  小明 ")).isEqualTo(keys.nameKey("王 小明")).isNotEqualTo(keys.nameKey("王小明"));
    assertThat(keys.nameKey("11010519491231002X")).isNotEqualTo(keys.idKey("11010519491231002X"));
    assertThatThrownBy(() -> new IdentityKeys(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }
}
