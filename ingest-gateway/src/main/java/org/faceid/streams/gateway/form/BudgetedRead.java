package org.faceid.streams.gateway.form;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One file part read into memory, each chunk taken from the request's budget lease before it is
 * read. The chunks are joined at the end (the joined copy taken too, the chunks then given back).
 */
final class BudgetedRead {

  /** The budget had no room: nothing of the part is kept. */
  static final byte[] NO_ROOM = new byte[0];
  private static final int CHUNK = 64 * 1024;

  private final UploadBudget.Lease lease;

  BudgetedRead(UploadBudget.Lease lease) {
    this.lease = lease;
  }

  /** The part's bytes; null past {@code limit}; {@link #NO_ROOM} when the budget ran out first. */
  byte[] readAtMost(InputStream in, long limit) throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long charged = 0;
    long total = 0;
    try {
      while (true) {
        int size = (int) Math.min(CHUNK, limit + 1 - total);
        if (!lease.take(size)) {
          return NO_ROOM;
        }
        charged += size;
        byte[] chunk = new byte[size];
        int filled = in.readNBytes(chunk, 0, size);
        total += filled;
        if (total > limit) {
          return null;
        }
        chunks.add(filled == size ? chunk : Arrays.copyOf(chunk, filled));
        if (filled < size) {
          return join(chunks, total);
        }
      }
    } finally {
      lease.giveBack(charged);
    }
  }

  private byte[] join(List<byte[]> chunks, long total) {
    if (!lease.take(total)) {
      return NO_ROOM;
    }
    byte[] out = new byte[Math.toIntExact(total)];
    int at = 0;
    for (byte[] chunk : chunks) {
      System.arraycopy(chunk, 0, out, at, chunk.length);
      at += chunk.length;
    }
    return out;
  }
}
