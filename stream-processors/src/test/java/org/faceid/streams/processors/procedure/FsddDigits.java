package org.faceid.streams.processors.procedure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.faceid.streams.processors.decode.TestData;

/** Free Spoken Digit Dataset recordings (testdata speech/fsdd, 8 kHz) as 16 kHz PCM, cached. */
final class FsddDigits {

  static final String[] SPEAKERS = {"jackson", "nicolas", "theo"};
  static final int TAKES = 5;

  private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();

  private FsddDigits() {}

  static short[] audio(char digit, String speaker, int take) {
    String file = "speech/fsdd/" + digit + "_" + speaker + "_" + take + ".wav";
    return CACHE.computeIfAbsent(file, f -> AvClip.audio16k(TestData.path(f)));
  }
}
