package org.faceid.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactBytesOutputTest {

  @Test
  void holdsEveryWriteInOrderInOneExactArray() {
    Random random = new Random(7);
    ExactBytesOutput chunks = new ExactBytesOutput();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    // Single bytes across a chunk boundary, small writes, then one write larger than the largest chunk.
    for (int i = 0; i < 9000; i++) {
      chunks.write(i);
      expected.write(i);
    }
    for (int size : new int[] {1, 100, 8191, 70_000, 9 * 1024 * 1024 + 5, 3}) {
      byte[] part = new byte[size + 10];
      random.nextBytes(part);
      chunks.write(part, 5, size);
      expected.write(part, 5, size);
    }

    assertThat(chunks.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void nothingWrittenIsAnEmptyArray() {
    assertThat(new ExactBytesOutput().toByteArray()).isEmpty();
  }
}
