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

    private static final Path ROOT = locate();

    private TestData() {}

    public static Path root() {
        return ROOT;
    }

    /** A file of the corpus, e.g. {@code path("av/grid/bbaf2n.mpg")}; fails if it does not exist. */
    public static Path path(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test data file missing: " + p + " (corpus at " + ROOT + ")");
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
        // Maven passes "${env.FACEID_TESTDATA}" through literally when the variable is unset.
        if (env != null && !env.isBlank() && !env.startsWith("${")) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(ENV + "=" + env + " is not a directory");
            }
            return p;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("real-media test corpus not found: set " + ENV
                + " to the shared/testdata directory, or run from a directory below the one that holds"
                + " shared/testdata (searched upwards from " + start + ")");
    }
}
