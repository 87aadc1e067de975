package org.faceid.streams.processors.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.signals.RevoicedSpeech.Revoiced;
import org.junit.jupiter.api.Test;

class RevoicedSpeechTest {

  private static final int MS = 16;

  @Test
  void digitsStartAtTheOriginalsWordsAndSilenceFillsTheRest() {
    for (String name : LipSyncTrials.GRID) {
      short[] original = LipSyncTrials.clip(name, FaceTestSupport.engine()).audio16k();
      Revoiced revoiced = RevoicedSpeech.align(original, "4071", d -> FsddDigits.audio(d, "nicolas", 2));
      List<long[]> words = RevoicedSpeech.chosenWords(AudioEnvelope.logBand(original, 100), 4);
      assertThat(revoiced.audio()).hasSameSizeAs(original);
      assertThat(revoiced.digitSpans()).as(name).hasSize(4);
      for (int k = 0; k < 4; k++) {
        long[] digit = revoiced.digitSpans().get(k);
        assertThat(digit[0]).isEqualTo(words.get(k)[0]);
        assertThat(digit[1] - digit[0]).as(name + " digit " + k).isBetween(100L, 900L);
        // Level of the word it replaces, within a factor of two.
        assertThat(rms(revoiced.audio(), digit) / rms(original, digit)).as(name + " level").isBetween(0.5, 2.0);
      }
      int nonSilent = 0;
      for (int i = 0; i < original.length; i++) {
        nonSilent += revoiced.audio()[i] != 0 && !inside(i / MS, revoiced.digitSpans()) ? 1 : 0;
      }
      assertThat(nonSilent).isZero();
    }
  }

  @Test
  void digitsAlignedToIsTheAlignedAudio() {
    short[] original = LipSyncTrials.clip("brbk7n", FaceTestSupport.engine()).audio16k();
    assertThat(RevoicedSpeech.digitsAlignedTo(original, "9382", d -> FsddDigits.audio(d, "theo", 1)))
        .isEqualTo(RevoicedSpeech.align(original, "9382", d -> FsddDigits.audio(d, "theo", 1)).audio());
  }

  private static boolean inside(long ms, List<long[]> spans) {
    return spans.stream().anyMatch(s -> ms >= s[0] && ms <= s[1]);
  }

  private static double rms(short[] pcm, long[] spanMs) {
    double sum = 0;
    int n = 0;
    for (long i = spanMs[0] * MS; i < Math.min(pcm.length, spanMs[1] * MS); i++) {
      sum += (double) pcm[(int) i] * pcm[(int) i];
      n++;
    }
    return Math.sqrt(sum / Math.max(1, n));
  }
}
