package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;

import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaceAntiSpoofTest {

  @ParameterizedTest
  @CsvSource({
    "spoof/minivision/image_T1.jpg, true",
    "spoof/minivision/image_F1.jpg, false",
    "spoof/minivision/image_F2.jpg, false",
    "spoof/hyperfas/fake_screen.png, false",
  })
  void liveOnlyForTheBonaFideCapture(String file, boolean live) {
    SelfieAnalysis a = engine().analyzeSelfie(TestData.bytes(file));
    double score = a.dominant().liveScore();
    System.out.printf("live score %s = %.3f%n", file, score);
    assertThat(score >= OnnxSpoofDetector.LIVE_THRESHOLD).as(file + " live=" + score).isEqualTo(live);
  }
}
