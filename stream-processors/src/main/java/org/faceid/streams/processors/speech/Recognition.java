package org.faceid.streams.processors.speech;

import java.util.List;

/**
 * What a recogniser heard: {@code digits} like "4096", or null when nothing was recognised, and the
 * digit words with their times (silences and fillers dropped), in spoken order.
 */
public record Recognition(String digits, List<Word> words) {

  public Recognition {
    words = List.copyOf(words);
  }

  public static Recognition nothing() {
    return new Recognition(null, List.of());
  }

  /** The digits of the words, null when there are none. */
  static Recognition of(List<Word> words) {
    StringBuilder digits = new StringBuilder();
    for (Word word : words) {
      digits.append(DigitWords.digit(word.word()));
    }
    return digits.isEmpty() ? nothing() : new Recognition(digits.toString(), words);
  }
}
