package org.faceid.streams.processors.signals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.faceid.streams.processors.speech.Resampler;
import org.faceid.streams.processors.speech.SpokenDigits;

/** Free Spoken Digit Dataset takes (read by SpokenDigits, 8 kHz) as 16 kHz PCM, cached. */
final class FsddDigits {

  static final String[] SPEAKERS = {"jackson", "nicolas", "theo"};
  static final int TAKES = 5;

  private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();

  private FsddDigits() {}

  static short[] audio(char digit, String speaker, int take) {
    return CACHE.computeIfAbsent(digit + "_" + speaker + "_" + take,
        k -> Resampler.resample(SpokenDigits.take(digit - '0', speaker, take), 8000, SpokenDigits.RATE));
  }
}
