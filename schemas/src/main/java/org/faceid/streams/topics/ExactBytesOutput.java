package org.faceid.streams.topics;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects an encoded record in chunks and hands it over as one exactly-sized array: each byte is
 * copied twice (into a chunk, then into the result). A growing {@code ByteArrayOutputStream}
 * copies a 20 MB upload again at every doubling, then once more for its array; and, kept per thread
 * as Avro does, it holds the largest record ever encoded for the thread's life.
 */
final class ExactBytesOutput extends OutputStream {

  private static final int FIRST_CHUNK = 8 * 1024;
  private static final int LARGEST_CHUNK = 4 * 1024 * 1024;

  private final List<byte[]> full = new ArrayList<>();
  private byte[] chunk = new byte[FIRST_CHUNK];
  private int used;
  private int size;

  @Override
  public void write(int b) {
    if (used == chunk.length) {
      nextChunk(1);
    }
    chunk[used++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == chunk.length) {
        nextChunk(len);
      }
      int n = Math.min(len, chunk.length - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  /** A new chunk, twice the last (up to 4 MB), or as large as a large write's rest. */
  private void nextChunk(int wanted) {
    full.add(chunk);
    chunk = new byte[Math.max(Math.min(2 * chunk.length, LARGEST_CHUNK), Math.min(wanted, LARGEST_CHUNK))];
    used = 0;
  }

  byte[] toByteArray() {
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] c : full) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    System.arraycopy(chunk, 0, out, at, used);
    return out;
  }
}
