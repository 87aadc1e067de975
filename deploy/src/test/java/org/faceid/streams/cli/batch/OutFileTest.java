package org.faceid.streams.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutFileTest {

  @TempDir
  Path dir;

  @Test
  void aPartialLastLineIsCutAndItsCaseRunsAgain() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "{\"id\":\"a\",\"verify\":{}}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"valid");
    try (OutFile file = OutFile.open(out)) {
      assertThat(file.finished("a")).isTrue();
      assertThat(file.finished("b")).isTrue();
      assertThat(file.finished("c")).as("its line was never finished").isFalse();
      file.append(Map.of("id", "c"));
      assertThatThrownBy(() -> file.append(Map.of("id", "a"))).isInstanceOf(IllegalStateException.class);
    }
    assertThat(Files.readAllLines(out)).containsExactly("{\"id\":\"a\",\"verify\":{}}", "{\"id\":\"b\"}", "{\"id\":\"c\"}");
  }

  @Test
  void oneRunAtATimeWritesAFile() throws IOException {
    Path out = dir.resolve("out.jsonl");
    try (OutFile first = OutFile.open(out)) {
      assertThatThrownBy(() -> OutFile.open(out)).hasMessageContaining("another batch run is writing");
    }
    OutFile.open(out).close();
  }

  @Test
  void aFileThatIsNotThisToolsIsLeftAlone() throws IOException {
    Path out = dir.resolve("notes.txt");
    Files.writeString(out, "dear diary\n");
    assertThatThrownBy(() -> OutFile.open(out)).hasMessageContaining("not a JSON line of this tool");
    assertThat(Files.readString(out)).isEqualTo("dear diary\n");
  }

  @Test
  void csvAndJsonLinesManifestsReadTheSameCases() throws IOException {
    Path csv = dir.resolve("cases.csv");
    Files.writeString(csv, "\uFEFFid,biz_no,flow,front,side,ref1\r\nc1,\"b, 1\",selfie,f.jpg,s.jpg,\"r\"\"1.jpg\"\r\n\r\nc2,,Still,,,\n");
    Path jsonl = dir.resolve("cases.jsonl");
    Files.writeString(jsonl, "{\"id\":\"c1\",\"biz_no\":\"b, 1\",\"flow\":\"selfie\",\"front\":\"f.jpg\",\"side\":\"s.jpg\",\"ref1\":\"r\\\"1.jpg\"}\n"
        + "{\"id\":\"c2\",\"flow\":\"still\"}\n");
    for (Path manifest : List.of(csv, jsonl)) {
      List<Manifest.Case> cases = Manifest.read(manifest);
      assertThat(cases).extracting(Manifest.Case::id).containsExactly("c1", "c2");
      assertThat(cases.get(0).bizNo()).isEqualTo("b, 1");
      assertThat(cases.get(0).column("ref1")).isEqualTo("r\"1.jpg");
      assertThat(cases.get(1).flow()).isEqualTo(Manifest.Flow.STILL);
      assertThat(cases.get(1).bizNo()).isNull();
    }
  }

  @Test
  void aManifestWithoutIdsOrFlowsIsRefused() throws IOException {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(manifest, "id,flow\nc1,selfie\n,still\n");
    assertThatThrownBy(() -> Manifest.read(manifest)).hasMessage("row 2: no id");
    Files.writeString(manifest, "id,flow\nc1,audio\n");
    assertThatThrownBy(() -> Manifest.read(manifest)).hasMessageContaining("flow must be selfie, still or video");
  }
}
