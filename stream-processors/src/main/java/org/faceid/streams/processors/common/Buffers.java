package org.faceid.streams.processors.common;

import java.nio.ByteBuffer;

/** Avro hands bytes fields over as buffers; the media libraries want arrays. */
public final class Buffers {

  private Buffers() {}

  /**
   * The buffer's remaining bytes, for reading only: its own array where the buffer covers exactly
   * that array (as Avro's decoded bytes fields do: no second copy of an upload), else a copy. The
   * buffer's position is left alone.
   */
  public static byte[] bytes(ByteBuffer buffer) {
    if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
        && buffer.remaining() == buffer.array().length) {
      return buffer.array();
    }
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
