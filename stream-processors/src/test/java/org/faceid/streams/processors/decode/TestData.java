package org.faceid.streams.processors.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real media ({@code shared/testdata}, described in its README.md), kept
 * outside the repository. Located by the environment variable {@code FACEID_TESTDATA}, else by
 * walking up from the working directory to the first directory holding {@code shared/testdata}
 * (for a checkout at /work/main that is /work/shared/testdata, i.e. {@code ../shared/testdata}
 * relative to the repository root). A missing corpus fails the test loudly instead of skipping it,
 * so a green build always means the real media were checked.
 */
public final class TestData {

  static final String ENV = "FACEID_TESTDATA";

  private static final Path ROOT = locate(ENV, Path.of("shared", "testdata"));

  private TestData() {}

  public static Path root() {
    return ROOT;
  }

  /** A file of the corpus, e.g. {@code path("av/grid/bbaf2n.mpg")}; fails if it does not exist. */
  public static Path path(String relative) {
    return file(ROOT, relative);
  }

  public static byte[] bytes(String relative) {
    return read(ROOT, relative);
  }

  /** A file under {@code root}; fails loudly if it does not exist. */
  public static Path file(Path root, String relative) {
    Path p = root.resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test data file missing: " + p + " (corpus at " + root + ")");
    }
    return p;
  }

  public static byte[] read(Path root, String relative) {
    try {
      return Files.readAllBytes(file(root, relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The directory the environment variable {@code env} names, else the first {@code relative}
   * found walking up from the working directory; fails loudly when neither exists.
   */
  public static Path locate(String env, Path relative) {
    String value = System.getenv(env);
    // Maven passes "${env.X}" through literally when X is unset.
    if (value != null && !value.isBlank() && !value.startsWith("${")) {
      Path p = Path.of(value).toAbsolutePath().normalize();
      if (!Files.isDirectory(p)) {
        throw new IllegalStateException(env + "=" + value + " is not a directory");
      }
      return p;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isDirectory(candidate)) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException(relative + " not found: set " + env + ", or run from a directory below"
        + " the one that holds " + relative + " (searched upwards from " + start + ")");
  }
}
