package org.faceid.streams.processors.face;

import org.faceid.streams.processors.TestProcessorsConfig;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.decode.TestData;

/** One engine per test JVM (loading six sessions takes a second) and image helpers. */
public final class FaceTestSupport {

  private static FaceEngine engine;

  private FaceTestSupport() {}

  public static synchronized FaceEngine engine() {
    if (engine == null) {
      engine = FaceEngine.open(TestProcessorsConfig.get().faceModels());
    }
    return engine;
  }

  /** Upright BGR pixels of a testdata file. */
  static Mat upright(String testdata) {
    UprightImage img = ImageDecoder.decode(TestData.bytes(testdata));
    return img.bgr();
  }

  /** Lossless PNG bytes of a Mat, so transformed test images go through the real decode path. */
  static byte[] png(Mat m) {
    try (BytePointer buf = new BytePointer()) {
      if (!imencode(".png", m, buf)) {
        throw new IllegalStateException("PNG encoding failed");
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  static final String[] PEOPLE = {"amy", "penny", "raj", "daryl", "negan", "rick"};

  static String face(String person, int n) {
    String ext = switch (person) {
      case "amy", "penny", "raj" -> "png";
      default -> "jpg";
    };
    return "faces/" + person + "/" + person + n + "." + ext;
  }
}
