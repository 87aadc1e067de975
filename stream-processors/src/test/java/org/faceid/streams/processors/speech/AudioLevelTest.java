package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AudioLevelTest {

  @Test
  void quietAndLoudSpeakersEndAtTheSameLevel() {
    // theo's recordings peak about 20 dB below jackson's.
    short[] quiet = SpokenDigits.utterance("4096", "theo", 0);
    short[] loud = SpokenDigits.utterance("4096", "jackson", 0);
    assertThat(AudioLevel.dbfs(AudioLevel.speechRms(loud)) - AudioLevel.dbfs(AudioLevel.speechRms(quiet))).isGreaterThan(15);
    for (short[] speech : new short[][] {quiet, loud}) {
      short[] levelled = AudioLevel.normalise(speech);
      assertThat(AudioLevel.dbfs(AudioLevel.speechRms(levelled))).isCloseTo(AudioLevel.TARGET_DBFS, within(3.0));
      assertThat(AudioLevel.dbfs(AudioLevel.peak(levelled))).isLessThanOrEqualTo(AudioLevel.PEAK_LIMIT_DBFS + 0.01);
    }
  }

  @Test
  void aLoudClickCannotSetTheGainButIsNotClipped() {
    short[] speech = SpokenDigits.utterance("1357", "theo", 2);
    speech[speech.length / 2] = Short.MAX_VALUE;
    short[] levelled = AudioLevel.normalise(speech);
    assertThat(AudioLevel.peak(levelled)).isLessThan(Short.MAX_VALUE);
    assertThat(AudioLevel.dbfs(AudioLevel.peak(levelled))).isLessThanOrEqualTo(AudioLevel.PEAK_LIMIT_DBFS + 0.01);
  }

  @Test
  void silenceStaysSilentAndTheInputIsNotChanged() {
    assertThat(AudioLevel.normalise(new short[1600])).containsOnly((short) 0);
    assertThat(AudioLevel.normalise(new short[0])).isEmpty();
    short[] speech = SpokenDigits.utterance("8023", "theo", 0);
    short[] copy = speech.clone();
    AudioLevel.normalise(speech);
    assertThat(speech).isEqualTo(copy);
  }
}
