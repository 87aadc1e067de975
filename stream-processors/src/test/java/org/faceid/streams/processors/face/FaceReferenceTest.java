package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;
import static org.faceid.streams.processors.face.FaceTestSupport.png;
import static org.faceid.streams.processors.face.FaceTestSupport.upright;

import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaceReferenceTest {

  @ParameterizedTest
  @CsvSource({"faces/daryl/daryl3.jpg, 90", "faces/rick/rick3.jpg, 90", "faces/daryl/daryl4.jpg, 90"})
  void rotatedReferenceIsFoundOnlyWhenMultiOriented(String file, int turn) {
    ReferenceFace straight = engine().analyzeReference(TestData.bytes(file), false);
    assertThat(straight.error()).isNull();
    assertThat(straight.rotation()).isZero();

    byte[] rotated = png(ImageDecoder.rotateClockwise(upright(file), turn));
    assertThat(engine().analyzeReference(rotated, false).error()).isEqualTo(ApiError.NO_FACE_FOUND);

    ReferenceFace found = engine().analyzeReference(rotated, true);
    assertThat(found.error()).isNull();
    // Turning the image clockwise by the reported rotation makes it upright again.
    assertThat(found.rotation()).isEqualTo(360 - turn);
    double cos = FaceEngine.similarity(straight.embedding(), found.embedding());
    System.out.printf("%s turned %d: found at %d, cosine to upright %.3f%n", file, turn,
        found.rotation(), cos);
    assertThat(cos).isGreaterThan(0.9);
  }
}
