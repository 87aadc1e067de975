package org.faceid.streams.gateway.form;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read under two bounds: at most {@code limit} bytes, and after a grace period at
 * least {@code minBytesPerSecond} on average. A stalled read itself is ended by the server's idle
 * timeout; a trickle that keeps it alive is ended here, at its next byte.
 */
final class BodyStream extends FilterInputStream {

  /** Past the body's byte limit. */
  static final class OverLimit extends IOException {
    OverLimit(long limit) {
      super("body over " + limit + " bytes", null);
    }
  }

  /** Below the minimum data rate. */
  static final class TooSlow extends IOException {
    TooSlow(long bytes, long millis) {
      super(bytes + " bytes in " + millis + " ms", null);
    }
  }

  private final long limit;
  private final UploadPace pace;
  private final long startNanos = System.nanoTime();
  private long count;

  BodyStream(InputStream in, long limit, UploadPace pace) {
    super(in);
    this.limit = limit;
    this.pace = pace;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (count >= limit) {
      // A body exactly at the limit ends here; one byte more is over it.
      if (super.read() == -1) {
        return -1;
      }
      throw new OverLimit(limit);
    }
    int n = super.read(b, off, (int) Math.min(len, limit - count));
    if (n > 0) {
      count += n;
    }
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    if (n != -1 && pace.tooSlow(count, millis)) {
      throw new TooSlow(count, millis);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return read(new byte[(int) Math.min(n, 8192)]);
  }
}
