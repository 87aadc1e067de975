package org.faceid.streams.processors.face;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;

/**
 * Zeroes the dead weights of an ONNX model in its bytes before a session is made from them: float
 * initializers smaller than {@link #DEAD} in magnitude. {@code fr_feature.onnx} holds 176,911 of them
 * (8,938 subnormal), {@code fr_landmark.onnx} 26,567 (all subnormal). Arithmetic on subnormal floats
 * is slow on x86 (the embedder took 61 ms a face instead of 11), and onnxruntime's own switch,
 * {@code session.set_denormal_as_zero}, reaches only its pool threads and the thread that made the
 * first session, not the stream threads that run these one-thread sessions. Zeroed, the models give
 * the same outputs to the bit on every real face measured (MODELS.md). The file stays as fetched, so
 * its checksum still holds.
 *
 * <p>Only what this needs of the protobuf wire format is read: {@code ModelProto.graph} (7),
 * {@code GraphProto.initializer} (5), {@code TensorProto.data_type} (2, FLOAT = 1),
 * {@code float_data} (4) and {@code raw_data} (9). Sizes never change, so the bytes are edited in place.
 */
final class DeadWeights {

  /**
   * Far below what a product with an activation can add to a float32 sum: 1e-20 times an
   * activation of 100 is under half a unit in the last place of any sum larger than 1e-10.
   */
  static final float DEAD = 1e-20f;

  private static final int GRAPH = 7;
  private static final int INITIALIZER = 5;
  private static final int DATA_TYPE = 2;
  private static final int FLOAT_DATA = 4;
  private static final int RAW_DATA = 9;
  private static final int FLOAT = 1;

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private DeadWeights() {}

  /**
   * Zeroes the dead float weights of {@code model} in place.
   *
   * @return how many were zeroed
   * @throws IllegalArgumentException when the bytes are not a protobuf message
   */
  static int zero(byte[] model) {
    ByteBuffer bytes = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
    int zeroed = 0;
    for (Field graph : new Fields(model, 0, model.length)) {
      if (graph.number == GRAPH && graph.wireType == LENGTH_DELIMITED) {
        for (Field initializer : new Fields(model, graph.from, graph.to)) {
          if (initializer.number == INITIALIZER && initializer.wireType == LENGTH_DELIMITED) {
            zeroed += zeroTensor(model, bytes, initializer);
          }
        }
      }
    }
    return zeroed;
  }

  private static int zeroTensor(byte[] model, ByteBuffer bytes, Field tensor) {
    long dataType = -1;
    for (Field f : new Fields(model, tensor.from, tensor.to)) {
      if (f.number == DATA_TYPE && f.wireType == VARINT) {
        dataType = f.value;
      }
    }
    if (dataType != FLOAT) {
      return 0;
    }
    int zeroed = 0;
    for (Field f : new Fields(model, tensor.from, tensor.to)) {
      boolean values = (f.number == RAW_DATA || f.number == FLOAT_DATA) && f.wireType == LENGTH_DELIMITED
          || f.number == FLOAT_DATA && f.wireType == FIXED32;
      if (!values) {
        continue;
      }
      for (int at = f.from; at + Float.BYTES <= f.to; at += Float.BYTES) {
        float w = bytes.getFloat(at);
        if (w != 0 && Math.abs(w) < DEAD) {
          bytes.putFloat(at, 0f);
          zeroed++;
        }
      }
    }
    return zeroed;
  }

  /** One field: its number, wire type, and its payload's range (or its value, for a varint). */
  private record Field(int number, int wireType, int from, int to, long value) {}

  /** The fields of the message in {@code [from, to)}, in order. */
  private record Fields(byte[] b, int from, int to) implements Iterable<Field> {

    @Override
    public Iterator<Field> iterator() {
      return new Iterator<>() {
        private int at = from;

        @Override
        public boolean hasNext() {
          return at < to;
        }

        @Override
        public Field next() {
          long key = varint();
          int number = (int) (key >>> 3);
          int wireType = (int) (key & 7);
          int start = at;
          long value = 0;
          switch (wireType) {
            case VARINT -> value = varint();
            case FIXED64 -> at += 8;
            case FIXED32 -> at += 4;
            case LENGTH_DELIMITED -> {
              long length = varint();
              start = at;
              if (length < 0 || length > to - at) {
                throw new IllegalArgumentException("field " + number + " runs past its message");
              }
              at += (int) length;
            }
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
          }
          if (at > to) {
            throw new IllegalArgumentException("field " + number + " runs past its message");
          }
          return new Field(number, wireType, start, at, value);
        }

        private long varint() {
          long result = 0;
          for (int shift = 0; shift < 64; shift += 7) {
            if (at >= to) {
              throw new IllegalArgumentException("truncated varint");
            }
            byte next = b[at++];
            result |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
              return result;
            }
          }
          throw new IllegalArgumentException("varint longer than 64 bits");
        }
      };
    }
  }
}
