package org.faceid.streams.processors.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.signals.DubbingTrials.Family;
import org.faceid.streams.processors.signals.DubbingTrials.Trial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer's constants on every dubbing trial of the real clips at 12.5 fps, with the digit spans
 * the speech stage aligns (LipSyncCalibration prints the leave-one-clip-out report). The rates
 * asserted are the measured in-sample ones with a small margin; they pin today's ceiling (MODELS.md,
 * "Lip sync"), not the 2% target. They are higher than when the trials used the composition's true
 * spans (another voice 15%, aligned dub 32%), which production never has; shifted audio is lower
 * since the lag range ends at +160 ms.
 */
class LipSyncRealClipsTest {

  private static List<Trial> trials;

  @BeforeAll
  static void scoreAllTrials() {
    trials = DubbingTrials.all(FaceTestSupport.engine(), 2);
  }

  @Test
  void readingsPass() {
    assertThat(rate(Family.READING, false)).isGreaterThanOrEqualTo(0.93);
  }

  @Test
  void dubbingFamiliesAreAcceptedAtTheMeasuredRates() {
    // Measured: 19.1%, 48.6%, 17.6%, 39.3%, 2.0% (since each utterance is its own PocketSphinx stream, so
    // the digit spans no longer depend on the trials aligned before; 19.7, 48.0, 18.3, 38.1, 2.0 before).
    assertThat(rate(Family.OTHER_VOICE, false)).isLessThanOrEqualTo(0.21);
    assertThat(rate(Family.OTHER_MOMENT, false)).isLessThanOrEqualTo(0.49);
    assertThat(rate(Family.SHIFTED, false)).isLessThanOrEqualTo(0.19);
    assertThat(rate(Family.ALIGNED_DUB, false)).isLessThanOrEqualTo(0.40);
    assertThat(rate(Family.STILL, false)).isLessThanOrEqualTo(0.02);
  }

  /** 0.5% is the strict target: in-sample every family meets it (held out, the same voice's other take is at 0.7%). */
  @Test
  void strictAcceptsAtMostHalfAPercentOfEveryFamily() {
    for (Family f : Family.values()) {
      if (!f.genuine) {
        assertThat(rate(f, true)).as(f.name()).isLessThanOrEqualTo(0.005);
      }
    }
  }

  @Test
  void frozenFramesAreRejectedByTheStillMouthGate() {
    assertThat(trials.stream().filter(t -> t.family() == Family.STILL && t.audio().endsWith("frozen")))
        .hasSize(48 + 28)
        .allSatisfy(t -> assertThat(t.evidence().cues()).isNull());
  }

  private static double rate(Family family, boolean strict) {
    SyncFusionFit production = SyncFusionFit.production();
    double[] scores = trials.stream().filter(t -> t.family() == family).mapToDouble(production::score).toArray();
    return LipSyncMeasurement.passShare(scores, strict ? production.strictThreshold() : production.threshold());
  }
}
