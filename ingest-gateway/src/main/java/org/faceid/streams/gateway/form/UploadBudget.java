package org.faceid.streams.gateway.form;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of uploaded files all requests together may hold in memory: every buffered byte of a
 * file part is taken from here before it is read, and given back when its request ends. Sized from
 * the heap, so uploads alone can never exhaust it, whoever sends them and in whatever field order.
 */
public final class UploadBudget {

  /**
   * A fifth of the heap: each buffered byte is briefly copied once more when the request is
   * serialised for Kafka, and the processors and the broker share the same heap.
   */
  static final int HEAP_DIVISOR = 5;

  private final long capacity;
  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  public UploadBudget(long capacity) {
    this.capacity = capacity;
  }

  public static UploadBudget fromHeap() {
    return new UploadBudget(Runtime.getRuntime().maxMemory() / HEAP_DIVISOR);
  }

  public long capacity() {
    return capacity;
  }

  public long inUse() {
    return inUse.get();
  }

  /** The most bytes ever held at once: never above {@link #capacity()}. */
  public long peak() {
    return peak.get();
  }

  /** One request's share: what it took, given back all at once by {@link Lease#close()}. */
  public Lease lease() {
    return new Lease();
  }

  private boolean tryTake(long bytes) {
    long now;
    do {
      now = inUse.get();
      if (now + bytes > capacity) {
        return false;
      }
    } while (!inUse.compareAndSet(now, now + bytes));
    peak.accumulateAndGet(now + bytes, Math::max);
    return true;
  }

  public final class Lease implements AutoCloseable {
    private long held;

    private Lease() {}

    /** Takes {@code bytes} more, or returns false (taking nothing) when the budget has no room. */
    public synchronized boolean take(long bytes) {
      if (!tryTake(bytes)) {
        return false;
      }
      held += bytes;
      return true;
    }

    public synchronized void giveBack(long bytes) {
      long returned = Math.min(bytes, held);
      held -= returned;
      inUse.addAndGet(-returned);
    }

    public synchronized long held() {
      return held;
    }

    @Override
    public synchronized void close() {
      giveBack(held);
    }
  }
}
