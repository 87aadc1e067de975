package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One decoder's answer for a reading does not depend on what it decoded before (decoders are pooled and shared). */
class SphinxDecoderTest {

  @ParameterizedTest
  @EnumSource(SphinxModel.class)
  void aReadingAlignsAndDecodesTheSameWhateverTheDecoderHeardBefore(SphinxModel model) {
    short[] reading = atModelRate(SpokenDigits.utterance("4096", "theo", 0), model);
    short[] other = atModelRate(SpokenDigits.utterance("7213", "nicolas", 1), model);
    short[] third = atModelRate(SpokenDigits.utterance("5580", "jackson", 2), model);
    try (SphinxDecoder used = new SphinxDecoder(model); SphinxDecoder fresh = new SphinxDecoder(model)) {
      used.align(other, "7213");
      used.decode(third, 4);
      used.decodeOther(other, "7213");
      // Before each utterance was its own stream, the front end's noise estimate carried over: here the
      // scores differed (-42467 against -42052 with en-us), and on other input the word times (one
      // reading's "four" at 0 ms instead of 480 ms).
      assertThat(used.align(reading, "4096")).isEqualTo(fresh.align(reading, "4096"));
      assertThat(used.decode(reading, 4)).isEqualTo(fresh.decode(reading, 4));
      assertThat(used.decodeOther(reading, "4096")).isEqualTo(fresh.decodeOther(reading, "4096"));
    }
  }

  private static short[] atModelRate(short[] pcm16k, SphinxModel model) {
    return Resampler.resample(pcm16k, SpokenDigits.RATE, model.sampleRate);
  }
}
