package org.faceid.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.faceid.streams.cli.IdentityRows.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityRowsTest {

  @TempDir
  Path dir;

  @Test
  void csvColumnsInAnyOrderWithQuotesAndABom() throws Exception {
    Path csv = Files.writeString(dir.resolve("people.csv"), String.join("\n",
        "\uFEFFphoto,idcard_name,idcard_number",
        "a.jpg,\"Dixon, \"\"Daryl\"\"\",440524188001010014",
        "",
        "b.jpg,王小明",
        ""));
    assertThat(IdentityRows.read(csv)).containsExactly(
        new Row(2, "440524188001010014", "Dixon, \"Daryl\"", "a.jpg"),
        new Row(4, null, "王小明", "b.jpg"));
  }

  @Test
  void aCsvWithoutTheColumnsIsRefusedWhole() throws Exception {
    Path csv = Files.writeString(dir.resolve("people.csv"), "number,name,photo\n1,a,b\n");
    assertThatThrownBy(() -> IdentityRows.read(csv)).hasMessageContaining("idcard_number");
  }

  @Test
  void jsonLinesWithABrokenLineKeptAsARowWithoutFields() throws Exception {
    Path jsonl = Files.writeString(dir.resolve("people.jsonl"), String.join("\n",
        "{\"idcard_number\":\"11010519491231002X\",\"idcard_name\":\"Rick\",\"photo\":\"r.jpg\"}",
        "{not json",
        "{\"idcard_number\":\"440524188001010014\",\"idcard_name\":\"Daryl\",\"photo\":null}"));
    List<Row> rows = IdentityRows.read(jsonl);
    assertThat(rows).containsExactly(
        new Row(1, "11010519491231002X", "Rick", "r.jpg"),
        new Row(2, null, null, null),
        new Row(3, "440524188001010014", "Daryl", null));
  }
}
