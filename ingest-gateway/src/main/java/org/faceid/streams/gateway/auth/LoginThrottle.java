package org.faceid.streams.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins allowed per name (a client address, an api_key): a token bucket of {@code burst}
 * attempts, one more back every {@code refillEvery}. An attempt takes a token before any hash work
 * and a success gives it back, so only failures (and attempts still running) count, and a burst of
 * concurrent guesses is cut at {@code burst} before the first one has finished.
 */
public final class LoginThrottle {

  /** Names tracked at most: full buckets are forgotten first; past that, new names are refused. */
  static final int MAX_NAMES = 100_000;

  private final int burst;
  private final long refillNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public LoginThrottle(int burst, Duration refillEvery, LongSupplier nanoClock) {
    this.burst = burst;
    this.refillNanos = refillEvery.toNanos();
    this.nanoClock = nanoClock;
  }

  private final class Bucket {
    private double tokens = burst;
    private long at = nanoClock.getAsLong();

    synchronized boolean take() {
      refill();
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized void giveBack() {
      tokens = Math.min(burst, tokens + 1);
    }

    synchronized boolean full() {
      refill();
      return tokens >= burst;
    }

    private void refill() {
      long now = nanoClock.getAsLong();
      tokens = Math.min(burst, tokens + (double) (now - at) / refillNanos);
      at = now;
    }
  }

  /** Takes one attempt for {@code name}; false when it has none left. */
  public boolean tryTake(String name) {
    Bucket bucket = buckets.get(name);
    if (bucket == null) {
      if (buckets.size() >= MAX_NAMES) {
        buckets.values().removeIf(Bucket::full);
        if (buckets.size() >= MAX_NAMES) {
          return false;
        }
      }
      bucket = buckets.computeIfAbsent(name, n -> new Bucket());
    }
    return bucket.take();
  }

  /** Gives back the attempt of a login that succeeded (or was never judged). */
  public void giveBack(String name) {
    Bucket bucket = buckets.get(name);
    if (bucket != null) {
      bucket.giveBack();
    }
  }
}
