package org.faceid.streams.processors.face;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings travel in Avro records as float32 little-endian bytes. */
public final class Embeddings {

  private Embeddings() {}

  public static ByteBuffer toBytes(float[] embedding) {
    ByteBuffer bytes = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(embedding);
    return bytes;
  }

  public static float[] fromBytes(ByteBuffer bytes) {
    ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] embedding = new float[view.remaining() / Float.BYTES];
    view.asFloatBuffer().get(embedding);
    return embedding;
  }
}
