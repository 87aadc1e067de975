package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreviousProcessTest {

  @Test
  void aStreamThreadsNameGivesItsTransactionalId() {
    assertThat(PreviousProcess.transactionalId("faceid-decode-6f1c2a4e-0b7d-4c1e-9a3f-2d5e8b7c1a90-StreamThread-2"))
        .isEqualTo("faceid-decode-6f1c2a4e-0b7d-4c1e-9a3f-2d5e8b7c1a90-2");
  }

  @Test
  void aThreadNamedByAnOperatorsClientIdGivesNone() {
    assertThat(PreviousProcess.transactionalId("my-client-StreamThread-1")).isNull();
  }
}
