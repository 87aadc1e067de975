package org.faceid.streams.processors.decode;

import java.io.ByteArrayInputStream;
import java.time.Duration;

/**
 * The upload as the stream javacv reads through its AVIO callback. Past the deadline it reports
 * end of file, so FFmpeg stops even inside one long native call such as the container probe.
 */
final class DeadlineInput extends ByteArrayInputStream {

  /** FFmpeg also sees this as the input's "file name"; no extension, so it cannot bias probing. */
  static final String NAME = "in-memory-video";

  private final long deadlineNanos;
  private final Duration limit;
  private volatile boolean expired;

  /** {@code data}, readable until {@code limit} after {@code startNanos} ({@link System#nanoTime()}). */
  DeadlineInput(byte[] data, long startNanos, Duration limit) {
    super(data);
    this.deadlineNanos = startNanos + limit.toNanos();
    this.limit = limit;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    if (System.nanoTime() - deadlineNanos > 0) {
      expired = true;
      return -1;
    }
    return super.read(b, off, len);
  }

  /** Refuses the upload once its time is spent (or javacv's read already met the deadline). */
  void checkDeadline() throws UnsupportedMediaException {
    if (expired || System.nanoTime() - deadlineNanos > 0) {
      throw new UnsupportedMediaException("video could not be checked within " + limit.toMillis() + " ms");
    }
  }

  @Override
  public String toString() {
    return NAME;
  }
}
