package org.faceid.streams.processors.speech;

import java.util.List;
import java.util.Locale;

/** The spoken digit vocabulary: "zero" and "oh" both mean 0. */
final class DigitWords {

  /** Index = digit; "oh" is the second word for 0. */
  private static final List<String> BY_DIGIT =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  static final String OH = "oh";
  static final List<String> ALL = List.of("zero", OH, "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

  private DigitWords() {}

  static boolean isDigit(String word) {
    return ALL.contains(normalise(word));
  }

  /** The digit a word stands for; fails on a word outside the vocabulary. */
  static char digit(String word) {
    String w = normalise(word);
    if (w.equals(OH)) {
      return '0';
    }
    int digit = BY_DIGIT.indexOf(w);
    if (digit < 0) {
      throw new IllegalArgumentException("not a digit word: " + word);
    }
    return (char) ('0' + digit);
  }

  /** The words that say {@code digit}: "zero" and "oh" for 0. */
  static List<String> words(char digit) {
    if (digit < '0' || digit > '9') {
      throw new IllegalArgumentException("not a digit: " + digit);
    }
    String word = BY_DIGIT.get(digit - '0');
    return digit == '0' ? List.of(word, OH) : List.of(word);
  }

  /**
   * The digits a transcription spells, in words or numerals ("Six, three, 2-5." is 6325); null when
   * it holds anything else, or nothing.
   */
  static String digitsOf(String text) {
    StringBuilder digits = new StringBuilder();
    for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.chars().allMatch(Character::isDigit)) {
        digits.append(token);
      } else if (isDigit(token)) {
        digits.append(digit(token));
      } else {
        return null;
      }
    }
    return digits.isEmpty() ? null : digits.toString();
  }

  /** Dictionaries mark alternative pronunciations as "zero(2)". */
  static String normalise(String word) {
    int variant = word.indexOf('(');
    return (variant < 0 ? word : word.substring(0, variant)).toLowerCase(Locale.ROOT);
  }
}
