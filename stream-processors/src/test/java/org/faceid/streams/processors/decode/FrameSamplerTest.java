package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sampling rule on presentation times alone (the real clips in VideoProbeTest cover 25 and
 * 29.97 fps; the corpus has no other rates).
 */
class FrameSamplerTest {

  @ParameterizedTest(name = "{0} fps: every {1}")
  @CsvSource({"10, 1", "12.5, 1", "15, 1", "24, 1", "25, 2", "29.97, 2", "30, 2", "48, 3", "50, 4", "60, 4", "120, 9"})
  void constantRateKeepsEveryStrideThFrame(double fps, int stride) {
    List<Integer> kept = kept(times(fps, 300, 0));

    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).isEqualTo(i * stride);
    }
    assertThat(kept).hasSize((300 + stride - 1) / stride);
  }

  @Test
  void millisecondTimestampsOf30FpsStillKeepEverySecondFrame() {
    // MP4/WebM with a 1/1000 time base: 0, 33, 67, 100, ... ms
    long[] times = new long[90];
    for (int i = 0; i < times.length; i++) {
      times[i] = Math.round(i * 1000 / 30.0) * 1000;
    }
    assertThat(kept(times)).hasSize(45);
  }

  @Test
  void variableRateStillKeeps12Point5PerSecondAndLongerGapsOnlyAtDroppedFrames() {
    // a phone's 30 fps with jitter and a few dropped frames
    long[] times = times(30, 200, 4_000);
    for (int i = 50; i < 200; i += 37) {
      for (int j = i; j < times.length; j++) {
        times[j] += 33_333; // one frame dropped
      }
    }
    List<Integer> kept = kept(times);
    for (int i = 1; i < kept.size(); i++) {
      long gap = times[kept.get(i)] - times[kept.get(i - 1)];
      // a frame that is not there cannot be kept: at most one source gap over the limit
      assertThat(gap).isLessThanOrEqualTo(80_000 + 33_334);
    }
    assertThat(kept.size()).isGreaterThanOrEqualTo((int) ((times[times.length - 1] - times[0]) / 80_000));
  }

  @Test
  void framesWhoseTimeDoesNotIncreaseAreSkipped() {
    assertThat(kept(new long[] {0, 40_000, 40_000, 30_000, 80_000})).containsExactly(0, 4);
  }

  /** Frame times at {@code fps}, each moved by up to {@code jitterMicros} (deterministically). */
  private static long[] times(double fps, int n, long jitterMicros) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long jitter = jitterMicros == 0 ? 0 : (i * 7919L % (2 * jitterMicros + 1)) - jitterMicros;
      t[i] = Math.round(i * 1_000_000 / fps) + (i == 0 ? 0 : jitter);
    }
    return t;
  }

  private static List<Integer> kept(long[] times) {
    List<Integer> kept = new ArrayList<>();
    try (FrameSampler sampler = new FrameSampler(0)) {
      for (int i = 0; i < times.length; i++) {
        if (sampler.due(times[i])) {
          kept.add(i);
        }
      }
    }
    return kept;
  }
}
