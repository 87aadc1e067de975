package org.faceid.streams.processors.common;

import java.nio.ByteBuffer;

/** Avro hands bytes fields over as buffers; the media libraries want arrays. */
public final class Buffers {

  private Buffers() {}

  /** A copy of the buffer's remaining bytes; the buffer's position is left alone. */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
