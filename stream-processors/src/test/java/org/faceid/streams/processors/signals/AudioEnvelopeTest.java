package org.faceid.streams.processors.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioEnvelopeTest {

  private static final int RATE = 100;

  @Test
  void oneValuePerTenMilliseconds() {
    assertThat(AudioEnvelope.logBand(new short[16_000], RATE)).hasSize(100);
    assertThat(AudioEnvelope.logBand(new short[16_159], RATE)).hasSize(100);
    assertThat(AudioEnvelope.logBand(new short[0], RATE)).isEmpty();
  }

  @Test
  void measuresPowerInsideTheBandOnly() {
    // A full-scale sine has mean power 0.5: ln 0.5 = -0.69 inside the band.
    assertThat(median(AudioEnvelope.logBand(tone(1000, 32767), RATE))).isCloseTo(Math.log(0.5), within(0.1));
    assertThat(median(AudioEnvelope.logBand(tone(1000, 3277), RATE))).isCloseTo(Math.log(0.005), within(0.1));
    // Outside 300-3000 Hz only the window's leakage remains: 50 dB and more below.
    assertThat(median(AudioEnvelope.logBand(tone(100, 32767), RATE))).isLessThan(Math.log(0.5) - 11.5);
    assertThat(median(AudioEnvelope.logBand(tone(6000, 32767), RATE))).isLessThan(Math.log(0.5) - 11.5);
    assertThat(median(AudioEnvelope.logBand(new short[16_000], RATE))).isCloseTo(Math.log(1e-9), within(1e-3));
  }

  @Test
  void aSpokenDigitBetweenSilencesIsOneSpan() {
    short[] digit = FsddDigits.audio('7', "jackson", 0);
    short[] clip = new short[16_000 + digit.length + 16_000];
    System.arraycopy(digit, 0, clip, 16_000, digit.length);
    addNoise(clip);
    List<long[]> spans = AudioEnvelope.speechSpans(AudioEnvelope.logBand(clip, RATE), RATE);
    assertThat(spans).hasSize(1);
    long digitEnd = 1000 + digit.length / 16;
    assertThat(spans.get(0)[0]).isBetween(1000L, 1250L);
    assertThat(spans.get(0)[1]).isBetween(digitEnd - 250, digitEnd);
  }

  @Test
  void steadyNoiseHasNoSpeech() {
    short[] noise = new short[48_000];
    addNoise(noise);
    assertThat(AudioEnvelope.speechSpans(AudioEnvelope.logBand(noise, RATE), RATE)).isEmpty();
  }

  private static short[] tone(double hz, int amplitude) {
    short[] pcm = new short[16_000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 16_000));
    }
    return pcm;
  }

  private static void addNoise(short[] pcm) {
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < pcm.length; i++) {
      long noisy = pcm[i] + Math.round(random.nextGaussian() * 30);
      pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, noisy));
    }
  }

  private static double median(float[] values) {
    float[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
