package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link Resampler} and {@link Bandwidth}, which decide whether speech is telephone-band. */
class ResamplerTest {

  private static short[] tone(double hz, int rate, int samples) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.round(10000 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  private static double rmsDb(short[] pcm, int skip) {
    double energy = 0;
    for (int i = skip; i < pcm.length - skip; i++) {
      energy += (double) pcm[i] * pcm[i];
    }
    return 10 * Math.log10(energy / (pcm.length - 2 * skip));
  }

  @Test
  void passbandTonesKeepTheirLevelBothWays() {
    short[] tone8k = tone(1000, 8000, 8000);
    short[] up = Resampler.resample(tone8k, 8000, 16000);
    assertThat(up).hasSize(16000);
    assertThat(rmsDb(up, 200)).isCloseTo(rmsDb(tone8k, 100), within(0.1));
    short[] down = Resampler.resample(tone(3000, 16000, 16000), 16000, 8000);
    assertThat(down).hasSize(8000);
    assertThat(rmsDb(down, 100)).isCloseTo(rmsDb(tone8k, 100), within(0.2));
  }

  @Test
  void downsamplingRemovesWhatWouldAlias() {
    short[] down = Resampler.resample(tone(6000, 16000, 16000), 16000, 8000);
    assertThat(rmsDb(down, 100)).isLessThan(rmsDb(tone(1000, 8000, 8000), 100) - 60);
  }

  @Test
  void upsampledTelephoneAudioHasNoHighBandAndAWidebandToneHas() {
    assertThat(Bandwidth.highBandDb(Resampler.resample(tone(3000, 8000, 8000), 8000, 16000))).isLessThan(-60);
    assertThat(Bandwidth.highBandDb(tone(6000, 16000, 16000))).isGreaterThan(-1);
    assertThat(Bandwidth.highBandDb(new short[1000])).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void oddRatesWork() {
    short[] tone = tone(440, 22050, 22050);
    short[] out = Resampler.resample(tone, 22050, 16000);
    assertThat(out).hasSize(16000);
    assertThat(rmsDb(out, 200)).isCloseTo(rmsDb(tone, 200), within(0.1));
  }
}
