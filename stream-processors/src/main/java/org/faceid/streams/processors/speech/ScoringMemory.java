package org.faceid.streams.processors.speech;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that Moonshine's scoring runs may hold at once. A run copies its logits out of onnxruntime
 * (sequences x tokens x 32,000 floats: 93 MB for a 4-digit number, 253 MB when 6 s of free speech
 * pads the batch), and one run per core may be in flight: 16 cores would want 1.5-4 GB of the
 * service's 1 GB heap. A run waits, in arrival order, until its share is free; a run larger than the
 * whole budget waits for all of it.
 */
final class ScoringMemory {

  /** A quarter of the heap: two 4-digit runs at once fit in the service's 1 GB, a long one alone. */
  static final int HEAP_DIVISOR = 4;
  private static final long UNIT = 1 << 20;

  private final int capacityUnits;
  private final Semaphore free;
  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  ScoringMemory(long capacityBytes) {
    this.capacityUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, capacityBytes / UNIT));
    this.free = new Semaphore(capacityUnits, true);
  }

  static ScoringMemory fromHeap() {
    return new ScoringMemory(Runtime.getRuntime().maxMemory() / HEAP_DIVISOR);
  }

  long capacity() {
    return capacityUnits * UNIT;
  }

  /** The most bytes ever held at once: never above {@link #capacity()}. */
  long peak() {
    return peak.get();
  }

  /** Waits until {@code bytes} (at most the capacity) are free and takes them until the lease closes. */
  Lease take(long bytes) {
    int units = (int) Math.min(capacityUnits, Math.max(1, (bytes + UNIT - 1) / UNIT));
    free.acquireUninterruptibly(units);
    peak.accumulateAndGet(inUse.addAndGet(units * UNIT), Math::max);
    AtomicBoolean held = new AtomicBoolean(true);
    return () -> {
      if (held.getAndSet(false)) {
        inUse.addAndGet(-units * UNIT);
        free.release(units);
      }
    };
  }

  /** A run's share: closing gives it back, once however often it is closed. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }
}
