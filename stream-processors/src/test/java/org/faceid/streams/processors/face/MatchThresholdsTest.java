package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;

import org.faceid.streams.schema.Comparison;
import org.junit.jupiter.api.Test;

/** The confidence map of the measured table: the vendor's numbers at the thresholds, order kept everywhere. */
class MatchThresholdsTest {

  private static final MatchThresholds TABLE = MatchThresholds.load();

  @Test
  void theMeasuredThresholdsLandOnTheVendorsValues() {
    Comparison any = TABLE.comparison(0.5);
    assertThat(any.getThreshold1e3()).isEqualTo(65.3);
    assertThat(any.getThreshold1e4()).isEqualTo(71.8);
    assertThat(any.getThreshold1e5()).isEqualTo(76.5);
    assertThat(any.getThreshold1e6()).isEqualTo(79.9);
    // A pair just past a measured cosine threshold is past the returned one, and just short of it short of it.
    assertThat(TABLE.confidence(TABLE.far1e4() + 1e-3)).isGreaterThan(any.getThreshold1e4());
    assertThat(TABLE.confidence(TABLE.far1e4() - 1e-3)).isLessThan(any.getThreshold1e4());
  }

  @Test
  void theMapIsIncreasingFromZeroToAHundred() {
    assertThat(TABLE.confidence(-0.4)).isZero();
    assertThat(TABLE.confidence(0)).isZero();
    assertThat(TABLE.confidence(1)).isEqualTo(100);
    double previous = -1;
    for (int i = 0; i <= 1000; i++) {
      double confidence = TABLE.confidence(i / 1000.0);
      assertThat(confidence).as("cosine %.3f", i / 1000.0).isGreaterThan(previous);
      previous = confidence;
    }
  }
}
