package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** minivision's samples are stored 640x480 with EXIF Orientation 6 (rotate 90 degrees clockwise). */
class ExifOrientationTest {

  @ParameterizedTest
  @ValueSource(strings = {"image_F1.jpg", "image_F2.jpg", "image_T1.jpg"})
  void orientationSixIsReadAndApplied(String name) {
    byte[] bytes = TestData.bytes("spoof/minivision/" + name);
    SelfieAnalysis a = engine().analyzeSelfie(bytes);
    assertThat(a.metadata().format()).isEqualTo("jpeg");
    assertThat(a.metadata().jpeg()).isTrue();
    assertThat(a.metadata().orientation()).isEqualTo(6);
    assertThat(a.width()).isEqualTo(480);
    assertThat(a.height()).isEqualTo(640);
    assertThat(a.dominant()).isNotNull();
    FaceMeasures m = a.dominant();
    // Upright: eyes above the mouth.
    assertThat((m.points5()[1] + m.points5()[3]) / 2).isLessThan((m.points5()[7] + m.points5()[9]) / 2);

    // The stored raster, orientation ignored: the face lies on its side. The detector still fires on
    // these three, but the box is a different one (its geometry does not match the upright face's)
    // and the identity read from it is not the upright face's.
    Mat raw;
    try (BytePointer p = new BytePointer(bytes); Mat buf = new Mat(1, bytes.length,
        org.bytedeco.opencv.global.opencv_core.CV_8UC1, p)) {
      raw = imdecode(buf, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
    }
    assertThat(raw.cols()).isEqualTo(640);
    assertThat(raw.rows()).isEqualTo(480);
    List<FaceBox> sideways = engine().detect(raw);
    FaceBox up = m.box();
    System.out.printf("%s upright box %.0f,%.0f %.0f; ignoring EXIF: %s%n", name, up.x(), up.y(),
        up.width(), sideways);
    for (FaceBox s : sideways) {
      assertThat(Nms.iou(s, up)).as("box read without EXIF vs upright box").isLessThan(0.5f);
      double cos = FaceEngine.similarity(engine().embedding(raw, s), m.embedding());
      System.out.printf("%s sideways box %.0f,%.0f %.0f: cosine to upright face %.3f%n", name, s.x(),
          s.y(), s.width(), cos);
      assertThat(cos).isLessThan(0.5);
    }
  }
}
