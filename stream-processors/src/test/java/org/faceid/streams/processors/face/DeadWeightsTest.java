package org.faceid.streams.processors.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.faceid.streams.processors.face.FaceTestSupport.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.junit.jupiter.api.Test;

class DeadWeightsTest {

  @Test
  void floatInitializersBelowTheBoundAreZeroedAndNothingElse() {
    float[] weights = {1e-30f, 0.5f, -3e-25f, Float.MIN_VALUE, 2e-20f, 0f, -1f};
    // The same bytes in a tensor of another type (INT32 = 6) are left alone.
    byte[] model = model(tensor(1, floats(weights), 9), tensor(6, floats(weights), 9), tensor(1, floats(weights), 4));
    byte[] before = model.clone();

    assertThat(DeadWeights.zero(model)).isEqualTo(3 * 2);
    assertThat(model).hasSameSizeAs(before);
    float[] zeroed = {0f, 0.5f, 0f, 0f, 2e-20f, 0f, -1f};
    assertThat(floatsAt(model, before, floats(weights), 0)).containsExactly(zeroed);
    assertThat(floatsAt(model, before, floats(weights), 1)).containsExactly(weights);
    assertThat(floatsAt(model, before, floats(weights), 2)).containsExactly(zeroed);
    assertThat(DeadWeights.zero(model)).as("nothing is left to zero").isZero();
  }

  @Test
  void bytesThatAreNotAModelAreRefused() {
    byte[] truncated = model(tensor(1, floats(new float[] {1e-30f}), 9));
    assertThatThrownBy(() -> DeadWeights.zero(Arrays.copyOf(truncated, truncated.length - 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeadWeights.zero(new byte[] {(byte) 0x3b, 1})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShippedModelsLoseOnlyTheirDeadWeights() throws IOException {
    Map<String, Integer> expected = Map.of(OnnxFaceEmbedder.FILE, 176_911, OnnxLandmarkDetector.FILE, 26_567,
        OnnxSpoofDetector.FILE, 0, OnnxHeadPoseEstimator.FILE, 0, OnnxEyeStateClassifier.FILE, 0, "fr_detect.onnx", 0);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      byte[] model = Files.readAllBytes(TestProcessorsConfig.modelDir().resolve(e.getKey()));
      assertThat(DeadWeights.zero(model)).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void zeroedModelsGiveTheSameOutputsToTheBitOnRealFaces() {
    Path dir = TestProcessorsConfig.modelDir();
    try (OnnxModel rawLandmarks = OnnxModel.load(dir.resolve(OnnxLandmarkDetector.FILE), 1, false);
        OnnxModel rawEmbedder = OnnxModel.load(dir.resolve(OnnxFaceEmbedder.FILE), 1, false)) {
      OnnxLandmarkDetector asFetched = new OnnxLandmarkDetector(rawLandmarks);
      OnnxFaceEmbedder embedderAsFetched = new OnnxFaceEmbedder(rawEmbedder);
      int faces = 0;
      for (String person : FaceTestSupport.PEOPLE) {
        for (int n = 1; n <= 4; n++) {
          String file = FaceTestSupport.face(person, n);
          try (Mat bgr = FaceTestSupport.upright(file)) {
            FaceBox box = engine().detect(bgr).get(0);
            float[] landmarks = engine().landmarks68(bgr, box);
            assertThat(asFetched.landmarks68(bgr, box)).as(file).containsExactly(landmarks);
            try (Mat aligned = FaceAligner.align(bgr, FaceAligner.points5(landmarks))) {
              assertThat(embedderAsFetched.embed(aligned)).as(file).containsExactly(engine().models().embedder().embed(aligned));
            }
            faces++;
          }
        }
      }
      assertThat(faces).isEqualTo(24);
    }
  }

  private static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** A TensorProto: data_type, then the values in field {@code valuesField} (9 raw_data, 4 packed float_data). */
  private static byte[] tensor(int dataType, byte[] values, int valuesField) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1 << 3);   // dims = 1 (varint), which the walk skips
    out.write(values.length / Float.BYTES);
    out.write(2 << 3);
    out.write(dataType);
    lengthDelimited(out, valuesField, values);
    return out.toByteArray();
  }

  /** A ModelProto: ir_version, then a graph holding the tensors as initializers. */
  private static byte[] model(byte[]... tensors) {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    for (byte[] t : tensors) {
      lengthDelimited(graph, 5, t);
    }
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    model.write(1 << 3);
    model.write(8);
    lengthDelimited(model, 7, graph.toByteArray());
    return model.toByteArray();
  }

  private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] payload) {
    out.write(field << 3 | 2);
    int length = payload.length;
    while (length >= 0x80) {
      out.write(length & 0x7f | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.write(payload, 0, payload.length);
  }

  /** The floats of the {@code occurrence}-th copy of {@code values} in the original bytes, read from {@code model}. */
  private static float[] floatsAt(byte[] model, byte[] original, byte[] values, int occurrence) {
    int at = -1;
    for (int found = -1; found < occurrence; found++) {
      at = indexOf(original, values, at + 1);
    }
    ByteBuffer b = ByteBuffer.wrap(model, at, values.length).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[values.length / Float.BYTES];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = from; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalStateException("not found");
  }
}
