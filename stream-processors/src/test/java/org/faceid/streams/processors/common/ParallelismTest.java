package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParallelismTest {

  @Test
  void oneStreamThreadPerCoreAndOneIntraOpThreadEach() {
    assertThat(Parallelism.fromEnv(Map.of(), 8)).isEqualTo(new Parallelism(8, 1));
    assertThat(Parallelism.fromEnv(Map.of(), 1)).isEqualTo(new Parallelism(1, 1));
  }

  @Test
  void fewerStreamThreadsLeaveTheRestOfTheCoresToOnnxruntime() {
    assertThat(Parallelism.fromEnv(Map.of(Parallelism.STREAM_THREADS_ENV, "2"), 8)).isEqualTo(new Parallelism(2, 4));
    assertThat(Parallelism.fromEnv(Map.of(Parallelism.STREAM_THREADS_ENV, "3"), 8)).isEqualTo(new Parallelism(3, 2));
    assertThat(Parallelism.fromEnv(Map.of(Parallelism.STREAM_THREADS_ENV, "4"), 2)).isEqualTo(new Parallelism(4, 1));
  }

  @Test
  void eitherCanBeSetAlone() {
    assertThat(Parallelism.fromEnv(Map.of(Parallelism.ONNX_THREADS_ENV, "2"), 8)).isEqualTo(new Parallelism(8, 2));
    assertThat(Parallelism.fromEnv(Map.of(Parallelism.STREAM_THREADS_ENV, " ", Parallelism.ONNX_THREADS_ENV, ""), 4))
        .isEqualTo(new Parallelism(4, 1));
  }

  @Test
  void lessThanOneThreadIsRefused() {
    assertThatThrownBy(() -> Parallelism.fromEnv(Map.of(Parallelism.STREAM_THREADS_ENV, "0"), 4))
        .hasMessageContaining(Parallelism.STREAM_THREADS_ENV);
    assertThatThrownBy(() -> Parallelism.fromEnv(Map.of(Parallelism.ONNX_THREADS_ENV, "-1"), 4))
        .hasMessageContaining(Parallelism.ONNX_THREADS_ENV);
  }
}
