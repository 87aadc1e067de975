package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BuffersTest {

  @Test
  void aBufferCoveringItsWholeArrayHandsTheArrayOverUncopied() {
    byte[] upload = {1, 2, 3, 4};
    assertThat(Buffers.bytes(ByteBuffer.wrap(upload))).isSameAs(upload);
  }

  @Test
  void aBufferOverPartOfAnArrayIsCopiedAndKeepsItsPosition() {
    byte[] array = {1, 2, 3, 4, 5};
    ByteBuffer middle = ByteBuffer.wrap(array, 1, 3);
    assertThat(Buffers.bytes(middle)).containsExactly(2, 3, 4);
    assertThat(middle.position()).isEqualTo(1);
    assertThat(Buffers.bytes(ByteBuffer.wrap(array).slice(2, 2))).containsExactly(3, 4);
    ByteBuffer direct = ByteBuffer.allocateDirect(2).put(new byte[] {9, 8}).flip();
    assertThat(Buffers.bytes(direct)).containsExactly(9, 8);
  }
}
