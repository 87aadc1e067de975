package org.faceid.streams.processors.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.faceid.streams.processors.face.FaceTestSupport;
import org.junit.jupiter.api.Test;

class MouthOpeningTest {

  @Test
  void lowerLipDropInNoseLengths() {
    float[] face = face(1, 150, 170);
    assertThat(MouthOpening.of(face)).isCloseTo(0.6f, within(1e-6f));
    assertThat(MouthOpening.of(face(2.5f, 150, 170))).isCloseTo(0.6f, within(1e-6f));
    assertThat(MouthOpening.of(face(1, 190, 210))).isCloseTo(1.0f, within(1e-6f));
  }

  @Test
  void degenerateLandmarks() {
    assertThat(MouthOpening.of(new float[136])).isNaN();
    assertThatThrownBy(() -> MouthOpening.of(new float[10])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gridSpeakersOpenTheirMouthsWellBeyondRest() {
    for (String name : LipSyncTrials.GRID) {
      AvClip clip = LipSyncTrials.clip(name, FaceTestSupport.engine());
      float[] opening = clip.mouthOpening();
      // GRID clips start with ~0.4 s of silence: the first frames show the mouth at rest.
      double rest = (opening[0] + opening[1] + opening[2] + opening[3]) / 4;
      int widest = 0;
      for (int i = 0; i < opening.length; i++) {
        assertThat(opening[i]).as(name + " frame " + i).isBetween(0.3f, 1.2f);
        widest = opening[i] > opening[widest] ? i : widest;
      }
      System.out.printf("%s rest %.3f widest %.3f at %d ms%n", name, rest, opening[widest],
          clip.frameTimesMs()[widest]);
      assertThat(opening[widest] - rest).as(name).isGreaterThan(0.07);
      assertThat(clip.frameTimesMs()[widest]).as(name + " widest during the sentence").isBetween(400L, 2600L);
    }
  }

  /** Nose top at (0, 0), nose base at (0, 100), lower lip inner/outer at the given heights. */
  private static float[] face(float scale, float innerLipY, float outerLipY) {
    float[] lm = new float[136];
    for (int i = 0; i < 68; i++) {
      lm[2 * i] = 10 * scale;
      lm[2 * i + 1] = 50 * scale;
    }
    set(lm, 27, 0, 0, scale);
    set(lm, 33, 0, 100, scale);
    set(lm, 66, 0, innerLipY, scale);
    set(lm, 57, 0, outerLipY, scale);
    return lm;
  }

  private static void set(float[] lm, int point, float x, float y, float scale) {
    lm[2 * point] = x * scale;
    lm[2 * point + 1] = y * scale;
  }
}
