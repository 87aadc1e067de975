package org.faceid.streams.processors.speech;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Decoders of one model for concurrent callers: each decoder serves one thread at a time. At most
 * {@code size} decoders exist, created on first demand; a caller beyond that waits for one to come
 * back. A decoder that failed mid-utterance is freed rather than reused.
 */
final class DecoderPool implements AutoCloseable {

  private final SphinxModel model;
  private final int size;
  private final Semaphore available;
  private final Deque<SphinxDecoder> idle = new ArrayDeque<>();
  private boolean closed;

  DecoderPool(SphinxModel model, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be at least 1: " + size);
    }
    this.model = model;
    this.size = size;
    this.available = new Semaphore(size, true);
  }

  <T> T with(Function<SphinxDecoder, T> work) {
    available.acquireUninterruptibly();
    SphinxDecoder decoder = null;
    try {
      decoder = take();
      T result = work.apply(decoder);
      give(decoder);
      decoder = null;
      return result;
    } finally {
      if (decoder != null) {
        decoder.close();
      }
      available.release();
    }
  }

  private SphinxDecoder take() {
    synchronized (idle) {
      if (closed) {
        throw new IllegalStateException("recogniser closed");
      }
      SphinxDecoder decoder = idle.poll();
      if (decoder != null) {
        return decoder;
      }
    }
    return new SphinxDecoder(model);
  }

  private void give(SphinxDecoder decoder) {
    synchronized (idle) {
      idle.push(decoder);
    }
  }

  /** Waits for the decoders in use to come back, then frees all of them; later calls fail. */
  @Override
  public void close() {
    synchronized (idle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    available.acquireUninterruptibly(size);
    try {
      synchronized (idle) {
        idle.forEach(SphinxDecoder::close);
        idle.clear();
      }
    } finally {
      // Latecomers get a permit and are then turned away by the closed flag instead of waiting forever.
      available.release(size);
    }
  }
}
