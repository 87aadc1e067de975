package org.faceid.streams.processors.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.faceid.streams.processors.signals.LipSyncScorer.Score;
import org.junit.jupiter.api.Test;

/** The scorer's checks on synthetic series: a mouth that follows a syllable-rate envelope. */
class LipSyncScorerTest {

  private static final int RATE = 100;
  private static final long FRAME_MS = 80;
  private static final int FRAMES = 50;
  /** How far the synthetic mouth leads its sound. */
  private static final int LEAD_MS = 100;

  @Test
  void mouthFollowingTheSoundScoresHighAtItsLead() {
    Score s = LipSyncScorer.score(times(), mouthFor(envelope(1), LEAD_MS), envelope(1), RATE, List.of());
    assertThat(s.value()).isGreaterThan(LipSyncScorer.IN_SYNC_MIN_STRICT);
    assertThat(s.lagMs()).isCloseTo(LEAD_MS, within(40.0));
    assertThat(s.inSync(true)).isTrue();
  }

  @Test
  void theSameMouthOverOtherSpeechScoresLow() {
    Score s = LipSyncScorer.score(times(), mouthFor(envelope(1), LEAD_MS), envelope(2), RATE, List.of());
    assertThat(s.value()).isLessThan(LipSyncScorer.IN_SYNC_MIN);
    assertThat(s.inSync(false)).isFalse();
  }

  @Test
  void missingFramesAreSkipped() {
    float[] mouth = mouthFor(envelope(1), LEAD_MS);
    for (int i = 0; i < mouth.length; i += 3) {
      mouth[i] = Float.NaN;
    }
    assertThat(LipSyncScorer.score(times(), mouth, envelope(1), RATE, List.of()).value())
        .isGreaterThan(LipSyncScorer.IN_SYNC_MIN_STRICT);
  }

  @Test
  void tooFewFacesIsNotInSync() {
    float[] mouth = new float[FRAMES];
    java.util.Arrays.fill(mouth, Float.NaN);
    mouth[3] = 0.6f;
    Score s = LipSyncScorer.score(times(), mouth, envelope(1), RATE, List.of());
    assertThat(s.value()).isZero();
    assertThat(s.reason()).contains("face in 1 of 50");
  }

  @Test
  void stillMouthOverSpeechIsNotInSync() {
    float[] mouth = new float[FRAMES];
    Random jitter = new Random(3);
    for (int i = 0; i < mouth.length; i++) {
      mouth[i] = 0.6f + (float) jitter.nextGaussian() * 0.004f;
    }
    Score s = LipSyncScorer.score(times(), mouth, envelope(1), RATE, List.of());
    assertThat(s.value()).isZero();
    assertThat(s.reason()).startsWith("mouth still");
  }

  @Test
  void silenceGivesNothingToCompare() {
    float[] flat = new float[FRAMES * (int) FRAME_MS / 10];
    java.util.Arrays.fill(flat, -20f);
    Score s = LipSyncScorer.score(times(), mouthFor(envelope(1), LEAD_MS), flat, RATE, List.of());
    assertThat(s.value()).isZero();
    assertThat(s.reason()).contains("no speech");
  }

  @Test
  void aMouthTalkingThroughThePausesBetweenTheDigitsScoresLower() {
    List<long[]> digits = List.of(new long[] {500, 900}, new long[] {1300, 1700}, new long[] {2100, 2500},
        new long[] {2900, 3300});
    float[] sound = new float[FRAMES * (int) FRAME_MS / 10];
    java.util.Arrays.fill(sound, -12f);
    for (long[] d : digits) {
      for (int k = (int) d[0] / 10; k < d[1] / 10; k++) {
        sound[k] = (float) (-12 + 10 * Math.sin(Math.PI * (k - d[0] / 10) / ((d[1] - d[0]) / 10)));
      }
    }
    float[] reading = mouthFor(sound, 0);
    float[] talking = reading.clone();
    for (int i = 0; i < FRAMES; i++) {
      long t = i * FRAME_MS;
      boolean betweenDigits = t > 950 && t < 3250 && digits.stream().noneMatch(d -> t >= d[0] - 50 && t <= d[1] + 50);
      talking[i] = betweenDigits ? 0.55f + 0.15f * (i % 2) : talking[i];
    }
    Score read = LipSyncScorer.score(times(), reading, sound, RATE, digits);
    Score talked = LipSyncScorer.score(times(), talking, sound, RATE, digits);
    assertThat(read.inSync(false)).as(read.reason()).isTrue();
    assertThat(talked.inSync(false)).as(talked.reason()).isFalse();
    assertThat(talked.reason()).contains("between digits");
  }

  @Test
  void movingWordsCountsOnlyWordsWithFaceFrames() {
    double[] times = {0, 80, 160, 240, 1000, 1080};
    double[] opening = {0.5, 0.6, 0.5, Double.NaN, 0.5, 0.505};
    int[] counts = LipSyncScorer.movingWords(times, opening,
        List.of(new long[] {200, 300}, new long[] {1150, 1300}, new long[] {5000, 5100}));
    assertThat(counts).containsExactly(1, 2);
  }

  private static long[] times() {
    long[] t = new long[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      t[i] = i * FRAME_MS;
    }
    return t;
  }

  /** Syllables (4 per second, random loudness) with pauses, as log power, at 100 Hz. */
  private static float[] envelope(long seed) {
    Random random = new Random(seed);
    float[] env = new float[FRAMES * (int) FRAME_MS / 10];
    int k = 0;
    while (k < env.length) {
      int syllable = 15 + random.nextInt(15);
      double loudness = 6 + 6 * random.nextDouble();
      for (int i = 0; i < syllable && k < env.length; i++, k++) {
        env[k] = (float) (-12 + loudness * Math.sin(Math.PI * i / syllable));
      }
      int pause = random.nextInt(3) == 0 ? 20 + random.nextInt(40) : 0;
      for (int i = 0; i < pause && k < env.length; i++, k++) {
        env[k] = -12;
      }
    }
    return env;
  }

  /** A mouth opening that follows the envelope {@code leadMs} ahead of it. */
  private static float[] mouthFor(float[] envelope, int leadMs) {
    float[] mouth = new float[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      int k = Math.min(envelope.length - 1, (int) ((i * FRAME_MS + leadMs) / 10));
      mouth[i] = 0.55f + 0.03f * (envelope[k] + 12);
    }
    return mouth;
  }
}
