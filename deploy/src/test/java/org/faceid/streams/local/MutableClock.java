package org.faceid.streams.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Wall-clock time plus an offset the test moves forward, e.g. past a token's 24 hours. */
final class MutableClock extends Clock {

  private final AtomicLong offsetMs = new AtomicLong();

  void advance(Duration by) {
    offsetMs.addAndGet(by.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMs.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
