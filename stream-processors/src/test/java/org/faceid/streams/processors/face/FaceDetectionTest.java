package org.faceid.streams.processors.face;

import org.faceid.streams.processors.TestProcessorsConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;
import static org.faceid.streams.processors.face.FaceTestSupport.png;
import static org.faceid.streams.processors.face.FaceTestSupport.upright;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.api.Test;

class FaceDetectionTest {

  @Test
  void everyTestdataFacePhotoHasExactlyOneDominantFace() {
    for (String person : FaceTestSupport.PEOPLE) {
      for (int n = 1; n <= 4; n++) {
        String file = FaceTestSupport.face(person, n);
        SelfieAnalysis a = engine().analyzeSelfie(TestData.bytes(file));
        System.out.printf("%-24s faces=%d largest=%.0f score=%.2f%n", file, a.faces().size(),
            a.faces().get(0).width(), a.faces().get(0).score());
        assertThat(a.dominant()).as(file).isNotNull();
        assertThat(a.dominant().box()).isEqualTo(a.faces().get(0));
        assertThat(a.dominant().embedding()).hasSize(512);
        // Only negan3 has a second (background) person; no photo gets a false box at >= 0.7.
        assertThat(a.faces()).as(file).hasSize(file.contains("negan3") ? 2 : 1);
      }
    }
  }

  @Test
  void negan3BackgroundPersonDoesNotHideTheDominantFace() {
    SelfieAnalysis a = engine().analyzeSelfie(TestData.bytes("faces/negan/negan3.jpg"));
    assertThat(a.faces()).hasSize(2);
    double ratio = a.faces().get(0).area() / a.faces().get(1).area();
    System.out.printf("negan3 area ratio main/background = %.1f%n", ratio);
    assertThat(ratio).isGreaterThan(FaceEngine.DOMINANCE_AREA_RATIO);
    assertThat(a.dominant()).isNotNull();
    assertThat(engine().analyzeReference(TestData.bytes("faces/negan/negan3.jpg"), false).error()).isNull();
  }

  /**
   * face-detection@0.1.5's test.jpg is a single-person portrait, not a group photo, so the real
   * multi-face case is two real photos side by side at equal size.
   */
  @Test
  void packageGroupPhotoHoldsOneFaceAndTwoRealPhotosSideBySideAreMultipleFaces() {
    SelfieAnalysis single = engine().analyzeSelfie(PackageMedia.bytes("face-detection/test.jpg"));
    assertThat(single.faces()).hasSize(1);

    Mat pair = FaceFixtures.sideBySide(upright("faces/rick/rick1.jpg"), upright("faces/daryl/daryl3.jpg"));
    SelfieAnalysis a = engine().analyzeSelfie(png(pair));
    assertThat(a.faces()).hasSize(2);
    assertThat(a.dominant()).isNull();
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.MULTIPLE_FACES);
    assertThat(SelfieCheck.side(a)).isEqualTo(ApiError.MULTIPLE_FACES);
    assertThat(engine().analyzeReference(png(pair), true).error()).isEqualTo(ApiError.MULTIPLE_FACES);
  }

  @Test
  void realBackgroundWithoutFaceIsNoFaceFound() {
    // The garden right of the man in face-detection/test.jpg (640x426): foliage and flowers.
    Mat background = FaceFixtures.garden().clone();
    SelfieAnalysis a = engine().analyzeSelfie(png(background));
    assertThat(a.faces()).isEmpty();
    assertThat(a.dominant()).isNull();
    assertThat(SelfieCheck.front(a)).isEqualTo(ApiError.NO_FACE_FOUND);
    assertThat(SelfieCheck.side(a)).isEqualTo(ApiError.NO_FACE_FOUND);
    assertThat(engine().analyzeReference(png(background), true).error()).isEqualTo(ApiError.NO_FACE_FOUND);
  }

  @Test
  void undecodableInputIsRejected() {
    assertThatThrownBy(() -> engine().analyzeSelfie(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] jpeg = TestData.bytes("faces/rick/rick1.jpg");
    byte[] cut = java.util.Arrays.copyOf(jpeg, 200);
    assertThatThrownBy(() -> engine().analyzeReference(cut, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blazeFaceAlternativeFindsTheSameFaces() {
    try (FaceModels models = FaceModels.load(TestProcessorsConfig.modelDir(), "blazeface")) {
      for (String f : List.of("faces/rick/rick1.jpg", "faces/daryl/daryl3.jpg",
          "spoof/minivision/image_T1.jpg", "faces/negan/negan4.jpg")) {
        Mat m = upright(f);
        List<FaceBox> blaze = models.detector().detect(m);
        FaceBox ultra = engine().detect(m).get(0);
        assertThat(blaze).as(f).hasSize(1);
        double iou = Nms.iou(blaze.get(0), ultra);
        System.out.printf("blazeface %s IoU with ultraface %.2f%n", f, iou);
        assertThat(iou).as(f).isGreaterThan(0.6);
      }
    }
  }

  @Test
  void missingModelFileNamesItAndTheFetchScript() {
    assertThatThrownBy(() -> FaceModels.load(Path.of("/nonexistent-model-dir"), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fr_detect.onnx")
        .hasMessageContaining("deploy/fetch-models.sh");
  }
}
