package org.faceid.streams.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A resident ID number as seed 002 accepts it: 18 characters, 17 digits then a digit or X/x. We also
 * check the GB 11643-1999 check digit (ISO 7064 MOD 11-2), so a mistyped number is
 * INVALID_IDCARD_NUMBER at once rather than a NO_SUCH_ID_NUMBER that costs a registry lookup.
 */
public final class IdCardNumber {

  private static final Pattern FORMAT = Pattern.compile("\\d{17}[\\dXx]");
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private IdCardNumber() {}

  /** The seed's format and a correct check digit. */
  public static boolean valid(String number) {
    if (number == null || !FORMAT.matcher(number).matches()) {
      return false;
    }
    return Character.toUpperCase(number.charAt(17)) == checkDigit(number);
  }

  /** The check digit of the first 17 digits. */
  static char checkDigit(String number) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (number.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  /** The form the registry is keyed by: a lower-case x is the same number. */
  public static String normalise(String number) {
    return number.trim().toUpperCase(Locale.ROOT);
  }
}
