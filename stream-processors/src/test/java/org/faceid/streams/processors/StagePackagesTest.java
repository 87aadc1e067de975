package org.faceid.streams.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No stage package reaches into another sideways: each depends only on {@code common}, the engines
 * and {@code signals}, as listed here. Read from the sources (imports, static imports and fully
 * qualified names alike), so a new sideways reference fails here with the file that made it.
 */
class StagePackagesTest {

  private static final Path SOURCES = Path.of("src/main/java/org/faceid/streams/processors");
  private static final Pattern REFERENCE = Pattern.compile("org\\.faceid\\.streams\\.processors\\.(\\w+)\\.(\\w+|\\*)");

  /** The packages each package may use, besides itself. The top package (Pipeline) wires them all. */
  private static final Map<String, Set<String>> ALLOWED_PACKAGES = Map.ofEntries(
      Map.entry("common", Set.of()),
      Map.entry("signals", Set.of("common", "face")),
      // The face engine reads images and videos with the media probes.
      Map.entry("face", Set.of("common", "decode")),
      Map.entry("tokens", Set.of("common")),
      Map.entry("decode", Set.of("common")),
      Map.entry("liveness", Set.of("common", "face", "signals")),
      Map.entry("speech", Set.of("common", "signals")),
      Map.entry("procedure", Set.of("common", "signals")),
      Map.entry("selfie", Set.of("common", "face", "signals")),
      Map.entry("compare", Set.of("common", "face", "signals")),
      Map.entry("registry", Set.of("common", "face")));

  /** Single classes of another stage a package may use, each with its reason. */
  private static final Map<String, Set<String>> ALLOWED_CLASSES = Map.of(
      // A token has one codec: the token stage's issuer, with which these stages mint the next token.
      "procedure", Set.of("tokens.TokenIssuer"),
      "selfie", Set.of("tokens.TokenIssuer"),
      // Verify looks identities up in the table the registry stage keeps, or in its external source.
      "compare", Set.of("registry.IdentitySource", "registry.RegistryTable"));

  @Test
  void everyPackageIsListed() throws IOException {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      List<String> packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
      assertThat(packages).as("packages under " + SOURCES.toAbsolutePath()).isNotEmpty();
      assertThat(ALLOWED_PACKAGES.keySet()).as("a new package needs its allowed dependencies listed here")
          .containsExactlyInAnyOrderElementsOf(packages);
    }
  }

  @Test
  void noPackageUsesAnotherStageSideways() throws IOException {
    List<String> sideways = new ArrayList<>();
    for (String pkg : ALLOWED_PACKAGES.keySet()) {
      for (String used : references(pkg)) {
        String usedPackage = used.substring(0, used.indexOf('.'));
        if (!usedPackage.equals(pkg) && !ALLOWED_PACKAGES.get(pkg).contains(usedPackage)
            && !ALLOWED_CLASSES.getOrDefault(pkg, Set.of()).contains(used)) {
          sideways.add(pkg + " -> " + used);
        }
      }
    }
    assertThat(sideways).as("sideways references between stage packages").isEmpty();
  }

  @Test
  void aSidewaysReferenceIsFound() {
    Set<String> found = new TreeSet<>();
    collect("import org.faceid.streams.processors.procedure.ProcedureTopology;\n"
        + "x = org.faceid.streams.processors.face.FaceModels.load(dir);\nimport org.faceid.streams.processors.selfie.*;", found);
    assertThat(found).containsExactly("face.FaceModels", "procedure.ProcedureTopology", "selfie.*");
  }

  /** {@code package.Class} of every reference to a processors package in {@code pkg}'s sources. */
  private static Set<String> references(String pkg) throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        collect(Files.readString(file), found);
      }
    }
    return found;
  }

  private static void collect(String source, Set<String> found) {
    Matcher m = REFERENCE.matcher(source);
    while (m.find()) {
      found.add(m.group(1) + "." + m.group(2));
    }
  }
}
