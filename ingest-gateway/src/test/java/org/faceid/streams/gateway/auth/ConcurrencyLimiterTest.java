package org.faceid.streams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  @Test
  void slotsArePerKeyAndComeBackOnRelease() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter();

    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    assertThat(limiter.tryAcquire("a", 2)).isFalse();
    assertThat(limiter.tryAcquire("b", 2)).as("another key has its own slots").isTrue();

    limiter.release("a");
    assertThat(limiter.inFlight("a")).isEqualTo(1);
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    limiter.release("a");
    limiter.release("a");
    assertThat(limiter.inFlight("a")).isZero();
  }
}
