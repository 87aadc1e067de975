package org.faceid.streams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final AtomicLong now = new AtomicLong();
  private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(6), now::get);

  @Test
  void aBurstOfFailuresThenOneMorePerRefillPeriod() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.tryTake("10.0.0.1")).isTrue();
    }
    assertThat(throttle.tryTake("10.0.0.1")).isFalse();
    assertThat(throttle.tryTake("10.0.0.2")).as("each name has its own bucket").isTrue();

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(throttle.tryTake("10.0.0.1")).isFalse();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(throttle.tryTake("10.0.0.1")).isTrue();
    assertThat(throttle.tryTake("10.0.0.1")).isFalse();
  }

  @Test
  void aSuccessGivesItsAttemptBack() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttle.tryTake("k")).isTrue();
      throttle.giveBack("k");
    }
  }
}
