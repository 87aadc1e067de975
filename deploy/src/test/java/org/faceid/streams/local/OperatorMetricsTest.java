package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the operator counters keep of a code: whoever can write the outcomes topic must not grow the registry. */
class OperatorMetricsTest {

  @Test
  void keepsTheCodeBeforeAColonAndNamesAnythingElseOther() {
    assertThat(OperatorMetrics.code("PASSED")).isEqualTo("PASSED");
    assertThat(OperatorMetrics.code("IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref1")).isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertThat(OperatorMetrics.code("FILE_UNREADABLE: front: media/x.jpg (NoSuchFileException)")).isEqualTo("FILE_UNREADABLE");
    assertThat(OperatorMetrics.code("a caller's text")).isEqualTo("other");
    assertThat(OperatorMetrics.code("X".repeat(65))).isEqualTo("other");
    assertThat(OperatorMetrics.code(null)).isEqualTo("other");
  }
}
