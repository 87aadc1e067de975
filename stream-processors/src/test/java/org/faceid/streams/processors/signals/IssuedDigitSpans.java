package org.faceid.streams.processors.signals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.faceid.streams.processors.speech.PocketSphinxRecognizer;

/**
 * Digit spans as the procedure stage receives them: the speech stage's forced alignment of the
 * issued digits on the trial's audio ({@link PocketSphinxRecognizer#issuedWords}), not where the
 * composition placed them. Calibrating on the composition's spans fitted a scorer production never
 * runs. Cached per audio and number: the calibration scores the same audio at two frame rates.
 */
final class IssuedDigitSpans {

  private static final Map<String, List<long[]>> CACHE = new HashMap<>();
  private static PocketSphinxRecognizer recognizer;

  private IssuedDigitSpans() {}

  static synchronized List<long[]> of(short[] pcm16k, String issued) {
    String key = issued + "/" + pcm16k.length + "/" + Arrays.hashCode(pcm16k);
    return CACHE.computeIfAbsent(key, k -> recognizer().issuedWords(pcm16k, issued).stream()
        .map(w -> new long[] {w.startMs(), w.endMs()}).toList());
  }

  private static PocketSphinxRecognizer recognizer() {
    if (recognizer == null) {
      recognizer = new PocketSphinxRecognizer(1);
    }
    return recognizer;
  }
}
