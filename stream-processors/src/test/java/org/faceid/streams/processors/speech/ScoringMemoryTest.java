package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScoringMemoryTest {

  private static final long MB = 1 << 20;

  @Test
  void runsTogetherNeverHoldMoreThanTheBudget() throws Exception {
    ScoringMemory memory = new ScoringMemory(256 * MB);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        runs.add(pool.submit(() -> {
          try (ScoringMemory.Lease share = memory.take(110 * MB)) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5);
            running.decrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Two 110 MB runs fit in 256 MB, a third never.
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(memory.peak()).isEqualTo(220 * MB).isLessThanOrEqualTo(memory.capacity());
  }

  @Test
  void aRunLargerThanTheBudgetWaitsForAllOfItThenRuns() throws Exception {
    ScoringMemory memory = new ScoringMemory(256 * MB);
    ScoringMemory.Lease small = memory.take(100 * MB);
    CountDownLatch ran = new CountDownLatch(1);
    Thread large = Thread.ofPlatform().start(() -> {
      try (ScoringMemory.Lease all = memory.take(312 * MB)) {
        ran.countDown();
      }
    });
    assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("ran while 100 MB were held").isFalse();
    small.close();
    assertThat(ran.await(10, TimeUnit.SECONDS)).as("ran once the budget was free").isTrue();
    large.join();
    assertThat(memory.peak()).isEqualTo(256 * MB);
  }
}
